package io.rapport.alert.domain.rules;

import io.rapport.common.event.AccountKind;
import io.rapport.common.event.ScoreChangedEvent;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;

/**
 * What the alert service knows of an account when it evaluates rules: reference attributes, the
 * latest score (may be null), a short score history and the contracts coming up for renewal.
 */
public record AccountFacts(
        String accountId,
        String name,
        AccountKind kind,
        String tier,
        String region,
        ScoreChangedEvent latestScore,
        List<ScorePoint> scoreHistory,
        List<Renewal> renewals) {

    public AccountFacts {
        scoreHistory = scoreHistory == null
                ? List.of()
                : scoreHistory.stream()
                        .sorted(Comparator.comparing(ScorePoint::at))
                        .toList();
        renewals = renewals == null ? List.of() : List.copyOf(renewals);
    }

    /** Facts of an account known only by its id. */
    public static AccountFacts unknown(String accountId) {
        return new AccountFacts(accountId, null, null, null, null, null, List.of(), List.of());
    }

    /** The same facts with another latest score (attributes taken from its snapshot when present). */
    public AccountFacts withScore(ScoreChangedEvent score) {
        var snapshot = score.account();
        return new AccountFacts(
                accountId,
                snapshot != null ? snapshot.name() : name,
                snapshot != null ? snapshot.kind() : kind,
                snapshot != null && snapshot.tier() != null ? snapshot.tier() : tier,
                snapshot != null && snapshot.region() != null ? snapshot.region() : region,
                score,
                scoreHistory,
                renewals);
    }

    /** One past score of the account. */
    public record ScorePoint(Instant at, long revision, double score) {}

    /** A contract due for renewal on {@code renewalDate}. */
    public record Renewal(String contractId, LocalDate renewalDate, BigDecimal amount, String currency) {}
}
