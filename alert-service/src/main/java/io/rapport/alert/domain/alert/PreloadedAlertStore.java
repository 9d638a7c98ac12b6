package io.rapport.alert.domain.alert;

import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The alerts of a batch's accounts read once (open ones and the recently resolved ones), answering the
 * processor's per-rule reads from memory while every write still goes to the store, one guarded
 * document at a time. A write the store refuses (someone else changed the alert, or opened one of the
 * same identity) means the copy of that account is out of date: from then on its reads go to the store,
 * so the processor's retry sees what is really there. Accounts the batch did not load are read from the
 * store as usual.
 */
public final class PreloadedAlertStore implements AlertStore {
    private final AlertStore store;
    private final Set<String> loaded;
    private final Set<String> stale = new HashSet<>();
    private final Map<String, Alert> alerts = new LinkedHashMap<>();

    /**
     * @param accountIds the accounts whose alerts {@code alerts} holds completely
     * @param alerts what {@link AlertStore#findForAccounts} returned for them
     */
    public PreloadedAlertStore(AlertStore store, Collection<String> accountIds, Collection<Alert> alerts) {
        this.store = store;
        this.loaded = Set.copyOf(accountIds);
        alerts.forEach(a -> this.alerts.put(a.id(), a));
    }

    /** Reads the batch's accounts from {@code store} in one go. */
    public static PreloadedAlertStore load(AlertStore store, Collection<String> accountIds) {
        return new PreloadedAlertStore(store, accountIds, store.findForAccounts(accountIds));
    }

    private boolean inMemory(String accountId) {
        return loaded.contains(accountId) && !stale.contains(accountId);
    }

    @Override
    public Optional<Alert> findOpen(AlertIdentity identity) {
        if (!inMemory(identity.accountId())) {
            return store.findOpen(identity);
        }
        return alerts.values().stream()
                .filter(a -> a.open() && a.identity().equals(identity))
                .findFirst();
    }

    @Override
    public List<Alert> findOpen(String accountId, String ruleId) {
        if (!inMemory(accountId)) {
            return store.findOpen(accountId, ruleId);
        }
        return alerts.values().stream()
                .filter(a -> a.open()
                        && a.accountId().equals(accountId)
                        && a.ruleId().equals(ruleId))
                .toList();
    }

    @Override
    public List<Alert> findByEvent(String accountId, String ruleId, String eventId) {
        if (!inMemory(accountId)) {
            return store.findByEvent(accountId, ruleId, eventId);
        }
        return alerts.values().stream()
                .filter(a -> a.accountId().equals(accountId)
                        && a.ruleId().equals(ruleId)
                        && a.eventIds().contains(eventId))
                .toList();
    }

    @Override
    public boolean insert(Alert alert) {
        return remember(alert, store.insert(alert));
    }

    @Override
    public boolean replace(Alert alert, long expectedRevision) {
        return remember(alert, store.replace(alert, expectedRevision));
    }

    private boolean remember(Alert alert, boolean written) {
        if (written) {
            alerts.put(alert.id(), alert);
        } else {
            stale.add(alert.accountId());
        }
        return written;
    }

    @Override
    public Optional<Alert> find(String id) {
        Alert known = alerts.get(id);
        return known != null && inMemory(known.accountId()) ? Optional.of(known) : store.find(id);
    }

    @Override
    public AlertPage list(AlertQuery query) {
        return store.list(query);
    }

    @Override
    public List<Alert> findForAccounts(Collection<String> accountIds) {
        return store.findForAccounts(accountIds);
    }

    @Override
    public List<Alert> findOpenLastSeenBefore(String ruleId, Instant before) {
        return store.findOpenLastSeenBefore(ruleId, before);
    }
}
