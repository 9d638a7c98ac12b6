package io.rapport.alert.domain.alert;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Where alerts are kept: single-document, idempotent writes with optimistic concurrency. */
public interface AlertStore {

    /** The open alert of an identity, if any. */
    Optional<Alert> findOpen(AlertIdentity identity);

    /** Every open alert of a rule on an account. */
    List<Alert> findOpen(String accountId, String ruleId);

    /** The alerts of a rule on an account that already folded in {@code eventId}. */
    List<Alert> findByEvent(String accountId, String ruleId, String eventId);

    /** Inserts a new open alert; false if an open alert of the same identity exists already. */
    boolean insert(Alert alert);

    /** Replaces an alert if it is still at {@code expectedRevision}; false if someone changed it. */
    boolean replace(Alert alert, long expectedRevision);

    /** An alert by id. */
    Optional<Alert> find(String id);

    /** A filtered page of alerts, newest first. */
    AlertPage list(AlertQuery query);

    /**
     * The alerts a batch of signals on these accounts needs, in one read: every open alert of each
     * account and at least its {@link #RECENTLY_RESOLVED_KEPT} most recently resolved ones (the alerts a
     * redelivered event may have folded in).
     */
    List<Alert> findForAccounts(Collection<String> accountIds);

    /** Resolved alerts per account that {@link #findForAccounts} returns at least. */
    int RECENTLY_RESOLVED_KEPT = Alert.EVENT_IDS_KEPT;

    /** Open alerts of a rule last seen before {@code before}. */
    List<Alert> findOpenLastSeenBefore(String ruleId, Instant before);
}
