package io.rapport.scoring.domain.clv;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Objects;

/** One purchase of one customer: when it happened and how much it was worth. */
public record Purchase(Instant at, BigDecimal amount) {

    public Purchase {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(amount, "amount");
    }

    /** A purchase dated by calendar day only, placed at the start of that day in UTC. */
    public static Purchase on(LocalDate day, BigDecimal amount) {
        return new Purchase(day.atStartOfDay(ZoneOffset.UTC).toInstant(), amount);
    }

    /** The calendar day (UTC) of this purchase. */
    public LocalDate day() {
        return LocalDate.ofInstant(at, ZoneOffset.UTC);
    }
}
