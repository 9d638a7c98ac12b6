package io.rapport.scoring.domain;

import io.rapport.common.event.AccountKind;
import io.rapport.common.event.Direction;
import io.rapport.common.event.RapportEvent;
import io.rapport.common.event.Severity;
import io.rapport.common.event.SurveyKind;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

/** Random event streams of every type for a few accounts, for property tests of the fold and its storage. */
public final class RandomEventStreams {
    public static final Instant BASE = Instant.parse("2026-06-01T00:00:00Z");
    public static final List<String> ACCOUNTS = List.of("acc-1001", "acc-1002", "acc-1003");

    private RandomEventStreams() {}

    public static Map<String, AccountState> foldByAccount(List<RapportEvent> events) {
        Map<String, AccountState> states = new LinkedHashMap<>();
        for (RapportEvent e : events) {
            states.computeIfAbsent(e.accountId(), AccountState::empty);
            states.put(e.accountId(), states.get(e.accountId()).apply(e));
        }
        return states.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    public static List<RapportEvent> withDuplicatesShuffled(Random random, List<RapportEvent> unique) {
        List<RapportEvent> arrivals = new ArrayList<>(unique);
        for (RapportEvent e : unique) {
            int copies = random.nextInt(10) < 3 ? 1 + random.nextInt(2) : 0;
            for (int i = 0; i < copies; i++) arrivals.add(e);
        }
        Collections.shuffle(arrivals, random);
        return arrivals;
    }

    /** Events of every type for a few accounts, over 400 days before and 100 after {@link #BASE}. */
    public static List<RapportEvent> randomEvents(Random r, int size) {
        Map<String, Events> builders = new LinkedHashMap<>();
        for (String a : ACCOUNTS) builders.put(a, new Events(a));
        String[] amounts = {"100", "250.50", "99.99", "1200.0000", "0.01", "5000", "75.5"};
        String[] metrics = {"active_users", "api_calls"};
        Severity[] severities = Severity.values();
        List<RapportEvent> events = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            Events ev = builders.get(ACCOUNTS.get(r.nextInt(ACCOUNTS.size())));
            // A coarse grid of instants makes ties in event time common.
            Instant at = BASE.minus(Duration.ofDays(400)).plus(Duration.ofHours(6L * r.nextInt(4 * 500)));
            LocalDate day = LocalDate.ofInstant(at, ZoneOffset.UTC);
            Direction dir = r.nextBoolean() ? Direction.INBOUND : Direction.OUTBOUND;
            String contact = "c-" + (1 + r.nextInt(6));
            String amount = amounts[r.nextInt(amounts.length)];
            String invoice = "inv-" + (1 + r.nextInt(6));
            String ticket = "t-" + (1 + r.nextInt(5));
            String contract = "k-" + (1 + r.nextInt(3));
            RapportEvent e;
            switch (r.nextInt(18)) {
                case 0 -> e = ev.meeting(at, dir, contact);
                case 1 -> e = ev.call(at, dir, contact);
                case 2 -> e = ev.email(at, dir, contact);
                case 3 -> e = ev.message(at, dir, contact);
                case 4 -> e = ev.ticketOpened(at, ticket, severities[r.nextInt(severities.length)]);
                case 5 -> e = ev.ticketResolved(at, ticket);
                case 6 ->
                    e = r.nextBoolean()
                            ? ev.survey(at, SurveyKind.NPS, r.nextInt(11))
                            : ev.survey(at, SurveyKind.CSAT, 1 + r.nextInt(5));
                case 7 -> e = ev.usage(at, metrics[r.nextInt(metrics.length)], amount);
                case 8 -> e = ev.complaint(at, severities[r.nextInt(severities.length)]);
                case 9 -> e = ev.deliveryDelayed(at, "o-" + r.nextInt(9), r.nextInt(30));
                case 10 -> e = ev.qualityIncident(at, severities[r.nextInt(severities.length)]);
                case 11 -> e = ev.order(at, "o-" + i, amount);
                case 12 -> e = ev.invoice(at, invoice, amount, day.plusDays(r.nextInt(60)));
                case 13 -> e = ev.payment(at, r.nextInt(4) == 0 ? null : invoice, amount);
                case 14 -> e = ev.refund(at, "o-" + r.nextInt(9), amount);
                case 15 -> e = ev.contract(at, contract, amount, day, day.plusDays(90 + r.nextInt(700)));
                case 16 -> e = ev.renewalDue(at, contract, amount, day.plusDays(r.nextInt(200)));
                default -> e = ev.account(at, AccountKind.values()[r.nextInt(3)], r.nextBoolean() ? "gold" : "silver");
            }
            events.add(e);
        }
        return events;
    }
}
