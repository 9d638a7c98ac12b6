package io.rapport.scoring.domain;

import io.rapport.common.event.AccountKind;
import io.rapport.common.event.Direction;
import io.rapport.common.event.RapportEvent;
import io.rapport.common.event.SurveyKind;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** Event histories of typical accounts, ending at a given instant. */
public final class Accounts {
    private Accounts() {}

    /**
     * A healthy, engaged customer (or supplier, or partner) paying on time: a year of monthly 8 000 orders
     * and invoices paid within 20 days, weekly two-way interactions with five contacts over the last half
     * year, flat product usage, and a promoter NPS a month ago.
     */
    public static List<RapportEvent> healthyEngagedPayer(Events ev, AccountKind kind, Instant end) {
        List<RapportEvent> events = new ArrayList<>();
        events.add(ev.account(end.minus(Duration.ofDays(400)), kind, "gold"));
        for (int m = 12; m >= 1; m--) {
            Instant at = end.minus(Duration.ofDays(30L * m - 15));
            LocalDate due = AccountState.dayOf(at).plusDays(30);
            String invoiceId = "inv-" + m;
            events.add(ev.order(at, "o-" + m, "8000.00"));
            events.add(ev.invoice(at, invoiceId, "8000.00", due));
            events.add(ev.payment(at.plus(Duration.ofDays(20)), invoiceId, "8000.00"));
        }
        for (int w = 26; w >= 0; w--) {
            Instant at = end.minus(Duration.ofDays(7L * w + 1));
            String contact = "c-" + (1 + w % 5);
            Direction d = w % 2 == 0 ? Direction.INBOUND : Direction.OUTBOUND;
            events.add(w % 3 == 0 ? ev.meeting(at, d, contact) : ev.email(at, d, contact));
            if (w < 9) events.add(ev.usage(at, "active_users", "40"));
        }
        events.add(ev.survey(end.minus(Duration.ofDays(30)), SurveyKind.NPS, 9));
        return events;
    }

    public static AccountState fold(String accountId, List<RapportEvent> events) {
        return AccountState.empty(accountId).applyAll(events);
    }
}
