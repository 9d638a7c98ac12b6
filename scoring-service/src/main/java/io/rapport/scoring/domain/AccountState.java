package io.rapport.scoring.domain;

import io.rapport.common.event.AccountEvent;
import io.rapport.common.event.AccountKind;
import io.rapport.common.event.Contact;
import io.rapport.common.event.Direction;
import io.rapport.common.event.Interactions;
import io.rapport.common.event.RapportEvent;
import io.rapport.common.event.Severity;
import io.rapport.common.event.SurveyKind;
import io.rapport.common.event.Transactions;
import io.rapport.common.event.TwoWayInteraction;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Everything scoring keeps about one account: an immutable value built as a <b>commutative, idempotent
 * fold</b> over the account's events.
 *
 * <h2>Why the fold is order-free</h2>
 *
 * Every structure is a join of per-event contributions that does not depend on arrival order:
 *
 * <ul>
 *   <li><b>Per-day buckets</b> ({@link #days()}), keyed by the UTC date of the event time: integer counts
 *       and exact {@link BigDecimal} sums (addition is commutative and associative, and a sum's scale is
 *       the maximum of the operands' scales, so even {@code BigDecimal.equals} is order-free) and sets of
 *       contact ids (union).
 *   <li><b>Registers</b> keyed by business id (invoices and contracts by their id, ticket open/resolve
 *       marks by ticket id, the account profile): the contribution with the greatest {@code (occurredAt,
 *       eventId)} wins, a total order on events, so the winner is the same whatever the arrival order.
 *   <li><b>Per-event entries</b> keyed by {@code eventId} (surveys, payments).
 *   <li><b>Min/max instants</b> (first commitment, last transaction, last two-way interaction) and a
 *       currency set (union).
 * </ul>
 *
 * Nothing is computed relative to "the latest event seen" (that would make the state depend on which
 * events had arrived when a decision was taken); everything relative to the present is computed at read
 * time, by {@link ScoreCalculator}, from an explicit {@code now}.
 *
 * <h2>Where deduplication lives</h2>
 *
 * Additions are commutative but not idempotent, so the state remembers the ids of the events it has
 * applied ({@link #appliedEventIds()}, bucketed by event day) and {@link #apply} ignores an id it has
 * seen: a replay, a redelivery or a duplicate leaves the state {@code equals} to before. Those ids are
 * kept exactly as long as the contributions they guard: {@link #prunedAt} drops both with the same
 * horizon. An event older than the horizon that is replayed after pruning can re-enter a day bucket,
 * but that bucket lies outside every scoring window and the next prune removes it again; the service's
 * upstream idempotency store (keyed by {@code eventId}, see ingest-service) filters most such replays
 * before they get here. The contract says the same {@code eventId} means the same event: two different
 * payloads under one id are not reconciled here (the first one applied wins).
 *
 * <h2>Retention</h2>
 *
 * {@link #prunedAt(Instant, int)} drops day buckets, event ids, surveys, payments, invoices and ticket
 * marks whose event day is before {@code now - retentionDays}. Every prune decision depends only on an
 * entry's own key or on the event time of a max-register's winner (whose losers are all older), so any
 * interleaving of {@code apply} and {@code prunedAt} calls ending with a prune at the latest {@code now}
 * equals folding every event and pruning once. Pruning relative to the newest event seen would not have
 * this property and is deliberately not offered. Contracts, the profile and the first/last instants are
 * never pruned: they are few, and a long contract signed years ago still matters.
 *
 * <h2>Document shape</h2>
 *
 * The accessors expose only maps, sets, lists, strings, numbers, {@link BigDecimal}, {@link LocalDate}
 * and {@link Instant}, and {@link #of} rebuilds a state from them, so the store layer can map it to and
 * from one MongoDB document. Map keys that are business or event ids may contain {@code .} or {@code $};
 * the store should write those maps as arrays of sub-documents rather than as document keys.
 */
public final class AccountState {

    /** Counted signals of a day bucket. */
    public enum Signal {
        /** Two-way interactions started by the account (meeting, call, e-mail, message). */
        INBOUND,
        /** Two-way interactions started by us. */
        OUTBOUND,
        TICKETS_OPENED,
        TICKETS_RESOLVED,
        COMPLAINTS,
        /** Sum of complaint severities (low 1, medium 2, high 3, critical 4). */
        COMPLAINT_SEVERITY,
        DELIVERY_DELAYS,
        /** Sum of {@code daysLate} over delayed deliveries. */
        DELIVERY_DAYS_LATE,
        QUALITY_INCIDENTS,
        /** Sum of quality-incident severities (low 1 … critical 4). */
        QUALITY_SEVERITY,
        ORDERS
    }

    /** Money sums of a day bucket. */
    public enum Amount {
        ORDER_VALUE,
        REFUNDS
    }

    /**
     * The signals of one UTC day: counts, exact money sums, distinct contacts of two-way interactions, and
     * product usage quantity per metric.
     */
    public record DailySignals(
            Map<Signal, Long> counts,
            Map<Amount, BigDecimal> amounts,
            SortedSet<String> contactIds,
            SortedMap<String, BigDecimal> usage) {

        /** A day with nothing in it. */
        public static final DailySignals EMPTY = new DailySignals(Map.of(), Map.of(), new TreeSet<>(), new TreeMap<>());

        public DailySignals {
            // Zero entries are dropped so that "never counted" and "counted zero" are the same state.
            EnumMap<Signal, Long> c = new EnumMap<>(Signal.class);
            counts.forEach((k, v) -> {
                if (v != 0L) c.put(k, v);
            });
            EnumMap<Amount, BigDecimal> a = new EnumMap<>(Amount.class);
            a.putAll(amounts);
            counts = Collections.unmodifiableMap(c);
            amounts = Collections.unmodifiableMap(a);
            contactIds = Collections.unmodifiableSortedSet(new TreeSet<>(contactIds));
            usage = Collections.unmodifiableSortedMap(new TreeMap<>(usage));
        }

        /** The count of {@code signal} on this day, zero when absent. */
        public long count(Signal signal) {
            return counts.getOrDefault(signal, 0L);
        }

        /** The sum of {@code amount} on this day, zero when absent. */
        public BigDecimal amount(Amount amount) {
            return amounts.getOrDefault(amount, BigDecimal.ZERO);
        }

        DailySignals plus(Signal signal, long n) {
            EnumMap<Signal, Long> c = counts.isEmpty() ? new EnumMap<>(Signal.class) : new EnumMap<>(counts);
            c.merge(signal, n, Long::sum);
            return new DailySignals(c, amounts, contactIds, usage);
        }

        DailySignals plus(Amount amount, BigDecimal value) {
            EnumMap<Amount, BigDecimal> a = amounts.isEmpty() ? new EnumMap<>(Amount.class) : new EnumMap<>(amounts);
            a.merge(amount, value, BigDecimal::add);
            return new DailySignals(counts, a, contactIds, usage);
        }

        DailySignals withContact(String contactId) {
            TreeSet<String> s = new TreeSet<>(contactIds);
            s.add(contactId);
            return new DailySignals(counts, amounts, s, usage);
        }

        DailySignals plusUsage(String metric, BigDecimal quantity) {
            TreeMap<String, BigDecimal> u = new TreeMap<>(usage);
            u.merge(metric, quantity, BigDecimal::add);
            return new DailySignals(counts, amounts, contactIds, u);
        }
    }

    /** Reference attributes from the latest {@link AccountEvent} (by event time, ties by event id). */
    public record AccountProfile(
            String eventId,
            Instant occurredAt,
            String name,
            AccountKind kind,
            String industry,
            String region,
            String tier,
            String owningTeam,
            List<String> contactIds,
            List<String> tags) {
        public AccountProfile {
            contactIds = contactIds == null ? List.of() : List.copyOf(contactIds);
            tags = tags == null ? List.of() : List.copyOf(tags);
        }
    }

    /** One survey answer, kept per event id. */
    public record Survey(Instant occurredAt, SurveyKind kind, int score, String contactId) {
        /** The answer on a 0–100 scale: linear between the survey's minimum and maximum. */
        public double normalised() {
            return 100.0 * (score - kind.min()) / (kind.max() - kind.min());
        }
    }

    /** An invoice, the latest {@code invoice_issued} for its id. */
    public record Invoice(String eventId, Instant issuedAt, BigDecimal amount, String currency, LocalDate dueDate) {}

    /** A payment, kept per event id; {@code invoiceId} may be null. */
    public record Payment(Instant receivedAt, String invoiceId, BigDecimal amount) {}

    /** A contract, the latest {@code contract_signed} for its id; {@code amount} is its annual value. */
    public record Contract(
            String eventId, Instant signedAt, BigDecimal amount, LocalDate startDate, LocalDate endDate) {}

    /** The latest {@code contract_renewal_due} notice for a contract id. */
    public record RenewalNotice(String eventId, Instant occurredAt, BigDecimal amount, LocalDate renewalDate) {}

    /** The latest open (or resolve) event of a ticket. */
    public record TicketMark(String eventId, Instant occurredAt, Severity priority) {}

    private static final Comparator<Instant> NULLS_FIRST = Comparator.nullsFirst(Comparator.naturalOrder());

    private final String accountId;
    private final AccountProfile profile;
    private final SortedMap<LocalDate, DailySignals> days;
    private final SortedMap<String, Survey> surveys;
    private final SortedMap<String, Invoice> invoices;
    private final SortedMap<String, Payment> payments;
    private final SortedMap<String, Contract> contracts;
    private final SortedMap<String, RenewalNotice> renewals;
    private final SortedMap<String, TicketMark> ticketsOpened;
    private final SortedMap<String, TicketMark> ticketsResolved;
    private final SortedSet<String> currencies;
    private final Instant firstCommitmentAt;
    private final Instant lastTransactionAt;
    private final Instant lastTwoWayInteractionAt;
    private final SortedMap<LocalDate, SortedSet<String>> appliedEventIds;

    private AccountState(Draft d) {
        this.accountId = d.accountId;
        this.profile = d.profile;
        this.days = d.sealed(d.days);
        this.surveys = d.sealed(d.surveys);
        this.invoices = d.sealed(d.invoices);
        this.payments = d.sealed(d.payments);
        this.contracts = d.sealed(d.contracts);
        this.renewals = d.sealed(d.renewals);
        this.ticketsOpened = d.sealed(d.ticketsOpened);
        this.ticketsResolved = d.sealed(d.ticketsResolved);
        this.currencies = d.currencies;
        this.firstCommitmentAt = d.firstCommitmentAt;
        this.lastTransactionAt = d.lastTransactionAt;
        this.lastTwoWayInteractionAt = d.lastTwoWayInteractionAt;
        this.appliedEventIds = d.sealedAppliedEventIds();
    }

    /** The state of an account nothing is known about yet. */
    public static AccountState empty(String accountId) {
        Objects.requireNonNull(accountId, "accountId");
        Draft d = new Draft();
        d.accountId = accountId;
        return new AccountState(d);
    }

    /** Rebuilds a state from its parts, e.g. when reading it back from the store; copies every part. */
    public static AccountState of(
            String accountId,
            AccountProfile profile,
            Map<LocalDate, DailySignals> days,
            Map<String, Survey> surveys,
            Map<String, Invoice> invoices,
            Map<String, Payment> payments,
            Map<String, Contract> contracts,
            Map<String, RenewalNotice> renewals,
            Map<String, TicketMark> ticketsOpened,
            Map<String, TicketMark> ticketsResolved,
            Iterable<String> currencies,
            Instant firstCommitmentAt,
            Instant lastTransactionAt,
            Instant lastTwoWayInteractionAt,
            Map<LocalDate, ? extends Iterable<String>> appliedEventIds) {
        Draft d = new Draft();
        d.accountId = Objects.requireNonNull(accountId, "accountId");
        d.profile = profile;
        d.days = frozen(days);
        d.surveys = frozen(surveys);
        d.invoices = frozen(invoices);
        d.payments = frozen(payments);
        d.contracts = frozen(contracts);
        d.renewals = frozen(renewals);
        d.ticketsOpened = frozen(ticketsOpened);
        d.ticketsResolved = frozen(ticketsResolved);
        TreeSet<String> cur = new TreeSet<>();
        currencies.forEach(cur::add);
        d.currencies = Collections.unmodifiableSortedSet(cur);
        d.firstCommitmentAt = firstCommitmentAt;
        d.lastTransactionAt = lastTransactionAt;
        d.lastTwoWayInteractionAt = lastTwoWayInteractionAt;
        TreeMap<LocalDate, SortedSet<String>> ids = new TreeMap<>();
        appliedEventIds.forEach((day, set) -> {
            TreeSet<String> s = new TreeSet<>();
            set.forEach(s::add);
            ids.put(day, Collections.unmodifiableSortedSet(s));
        });
        d.appliedEventIds = Collections.unmodifiableSortedMap(ids);
        return new AccountState(d);
    }

    /** Folds {@code events} into this state, in the given order (any order gives the same result). */
    public AccountState applyAll(Iterable<? extends RapportEvent> events) {
        return fold(events).state();
    }

    /**
     * What {@link #fold} did: the new state (this very state when every event was a duplicate), how many
     * events were applied and how many were ignored as already applied, and the id of the last applied one.
     */
    public record Folded(AccountState state, int applied, int duplicates, String lastAppliedEventId) {}

    /**
     * Folds {@code events} into this state, in the given order, with the same result as applying them one
     * by one; a batch of events costs one working copy of the state rather than one per event.
     *
     * @throws IllegalArgumentException when an event concerns another account
     */
    public Folded fold(Iterable<? extends RapportEvent> events) {
        Draft d = null;
        int applied = 0;
        int duplicates = 0;
        String last = null;
        for (RapportEvent event : events) {
            requireOwn(event);
            LocalDate day = dayOf(event.occurredAt());
            SortedSet<String> seen = (d == null ? appliedEventIds : d.appliedEventIds).get(day);
            if (seen != null && seen.contains(event.eventId())) {
                duplicates++;
                continue;
            }
            if (d == null) d = new Draft(this);
            d.markApplied(day, event.eventId());
            d.fold(event, day);
            applied++;
            last = event.eventId();
        }
        return new Folded(d == null ? this : new AccountState(d), applied, duplicates, last);
    }

    private void requireOwn(RapportEvent event) {
        if (!accountId.equals(event.accountId())) {
            throw new IllegalArgumentException(
                    "event " + event.eventId() + " is for account " + event.accountId() + ", not " + accountId);
        }
    }

    /**
     * Returns the state with {@code event} applied, or this very state when the event's id was already
     * applied.
     *
     * @throws IllegalArgumentException when the event concerns another account
     */
    public AccountState apply(RapportEvent event) {
        requireOwn(event);
        LocalDate day = dayOf(event.occurredAt());
        SortedSet<String> seen = appliedEventIds.get(day);
        if (seen != null && seen.contains(event.eventId())) {
            return this;
        }
        Draft d = new Draft(this);
        d.markApplied(day, event.eventId());
        d.fold(event, day);
        return new AccountState(d);
    }

    /**
     * Drops what lies before the retention horizon, {@code retentionDays} before {@code now}'s UTC day
     * (see the class comment for what is kept and why this stays order-free).
     */
    public AccountState prunedAt(Instant now, int retentionDays) {
        if (retentionDays <= 0) {
            throw new IllegalArgumentException("retentionDays must be > 0, was " + retentionDays);
        }
        LocalDate horizon = dayOf(now).minusDays(retentionDays);
        Instant horizonStart = horizon.atStartOfDay(ZoneOffset.UTC).toInstant();
        Predicate<Instant> old = t -> t.isBefore(horizonStart);
        // Pruned on every write: when nothing lies before the horizon (the usual case) nothing is copied.
        if (!before(days, horizon)
                && !before(appliedEventIds, horizon)
                && surveys.values().stream().noneMatch(v -> old.test(v.occurredAt()))
                && payments.values().stream().noneMatch(v -> old.test(v.receivedAt()))
                && invoices.values().stream().noneMatch(v -> old.test(v.issuedAt()))
                && ticketsOpened.values().stream().noneMatch(v -> old.test(v.occurredAt()))
                && ticketsResolved.values().stream().noneMatch(v -> old.test(v.occurredAt()))) {
            return this;
        }
        Draft d = new Draft(this);
        d.days = frozen(new TreeMap<>(days.tailMap(horizon)));
        d.appliedEventIds = frozen(new TreeMap<>(appliedEventIds.tailMap(horizon)));
        d.surveys = without(surveys, v -> old.test(v.occurredAt()));
        d.payments = without(payments, v -> old.test(v.receivedAt()));
        d.invoices = without(invoices, v -> old.test(v.issuedAt()));
        d.ticketsOpened = without(ticketsOpened, v -> old.test(v.occurredAt()));
        d.ticketsResolved = without(ticketsResolved, v -> old.test(v.occurredAt()));
        return new AccountState(d);
    }

    private static boolean before(SortedMap<LocalDate, ?> byDay, LocalDate horizon) {
        return !byDay.isEmpty() && byDay.firstKey().isBefore(horizon);
    }

    /** The UTC calendar day of an instant: the key of day buckets. */
    public static LocalDate dayOf(Instant t) {
        return LocalDate.ofInstant(t, ZoneOffset.UTC);
    }

    // ---- accessors (the document shape) ----

    public String accountId() {
        return accountId;
    }

    /** The latest reference attributes, or null before the first account event. */
    public AccountProfile profile() {
        return profile;
    }

    /** The account's kind; a customer until an account event says otherwise. */
    public AccountKind kind() {
        return profile == null ? AccountKind.CUSTOMER : profile.kind();
    }

    /** Day buckets, keyed by UTC event day. */
    public SortedMap<LocalDate, DailySignals> days() {
        return days;
    }

    /** Survey answers by event id. */
    public SortedMap<String, Survey> surveys() {
        return surveys;
    }

    /** Invoices by invoice id. */
    public SortedMap<String, Invoice> invoices() {
        return invoices;
    }

    /** Payments by event id. */
    public SortedMap<String, Payment> payments() {
        return payments;
    }

    /** Contracts by contract id. */
    public SortedMap<String, Contract> contracts() {
        return contracts;
    }

    /** Renewal notices by contract id. */
    public SortedMap<String, RenewalNotice> renewals() {
        return renewals;
    }

    /** Latest open mark per ticket id. */
    public SortedMap<String, TicketMark> ticketsOpened() {
        return ticketsOpened;
    }

    /** Latest resolve mark per ticket id. */
    public SortedMap<String, TicketMark> ticketsResolved() {
        return ticketsResolved;
    }

    /** Every currency seen on a transaction; more than one means amounts were summed across currencies. */
    public SortedSet<String> currencies() {
        return currencies;
    }

    /** Earliest order, invoice or contract signature, or null for a prospect. Never pruned. */
    public Instant firstCommitmentAt() {
        return firstCommitmentAt;
    }

    /** Latest transaction of any type, or null. Never pruned. */
    public Instant lastTransactionAt() {
        return lastTransactionAt;
    }

    /** Latest meeting, call, e-mail or message, or null. Never pruned. */
    public Instant lastTwoWayInteractionAt() {
        return lastTwoWayInteractionAt;
    }

    /** Ids of applied events by event day, for deduplication within the retention horizon. */
    public SortedMap<LocalDate, SortedSet<String>> appliedEventIds() {
        return appliedEventIds;
    }

    /** How many event ids the state remembers. */
    public int appliedEventCount() {
        return appliedEventIds.values().stream().mapToInt(SortedSet::size).sum();
    }

    // ---- read helpers for scoring ----

    /** The sum of a counted signal over days {@code from}..{@code to}, both inclusive. */
    public long count(Signal signal, LocalDate from, LocalDate to) {
        if (from.isAfter(to)) return 0;
        long n = 0;
        for (DailySignals d : days.subMap(from, to.plusDays(1)).values()) {
            n += d.count(signal);
        }
        return n;
    }

    /** The exact sum of a money signal over days {@code from}..{@code to}, both inclusive. */
    public BigDecimal amount(Amount amount, LocalDate from, LocalDate to) {
        BigDecimal sum = BigDecimal.ZERO;
        if (from.isAfter(to)) return sum;
        for (DailySignals d : days.subMap(from, to.plusDays(1)).values()) {
            sum = sum.add(d.amount(amount));
        }
        return sum;
    }

    /** Distinct contacts of two-way interactions over days {@code from}..{@code to}, both inclusive. */
    public SortedSet<String> contacts(LocalDate from, LocalDate to) {
        TreeSet<String> s = new TreeSet<>();
        if (from.isAfter(to)) return s;
        for (DailySignals d : days.subMap(from, to.plusDays(1)).values()) {
            s.addAll(d.contactIds());
        }
        return s;
    }

    /** Usage quantity per metric over days {@code from}..{@code to}, both inclusive. */
    public SortedMap<String, BigDecimal> usage(LocalDate from, LocalDate to) {
        TreeMap<String, BigDecimal> m = new TreeMap<>();
        if (from.isAfter(to)) return m;
        for (DailySignals d : days.subMap(from, to.plusDays(1)).values()) {
            d.usage().forEach((k, v) -> m.merge(k, v, BigDecimal::add));
        }
        return m;
    }

    /** Total paid per invoice id, from payments that name an invoice. */
    public SortedMap<String, BigDecimal> paidByInvoice() {
        TreeMap<String, BigDecimal> m = new TreeMap<>();
        for (Payment p : payments.values()) {
            if (p.invoiceId() != null) m.merge(p.invoiceId(), p.amount(), BigDecimal::add);
        }
        return m;
    }

    /** Ticket ids open now: opened, and not resolved after the latest opening. */
    public SortedSet<String> openTickets(Instant now) {
        TreeSet<String> open = new TreeSet<>();
        ticketsOpened.forEach((id, opened) -> {
            if (opened.occurredAt().isAfter(now)) return;
            TicketMark resolved = ticketsResolved.get(id);
            boolean isResolved = resolved != null
                    && !resolved.occurredAt().isAfter(now)
                    && !resolved.occurredAt().isBefore(opened.occurredAt());
            if (!isResolved) open.add(id);
        });
        return open;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof AccountState)) return false;
        AccountState s = (AccountState) o;
        return accountId.equals(s.accountId)
                && Objects.equals(profile, s.profile)
                && days.equals(s.days)
                && surveys.equals(s.surveys)
                && invoices.equals(s.invoices)
                && payments.equals(s.payments)
                && contracts.equals(s.contracts)
                && renewals.equals(s.renewals)
                && ticketsOpened.equals(s.ticketsOpened)
                && ticketsResolved.equals(s.ticketsResolved)
                && currencies.equals(s.currencies)
                && Objects.equals(firstCommitmentAt, s.firstCommitmentAt)
                && Objects.equals(lastTransactionAt, s.lastTransactionAt)
                && Objects.equals(lastTwoWayInteractionAt, s.lastTwoWayInteractionAt)
                && appliedEventIds.equals(s.appliedEventIds);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                accountId,
                profile,
                days,
                surveys,
                invoices,
                payments,
                contracts,
                renewals,
                ticketsOpened,
                ticketsResolved,
                currencies,
                firstCommitmentAt,
                lastTransactionAt,
                lastTwoWayInteractionAt,
                appliedEventIds);
    }

    @Override
    public String toString() {
        return "AccountState{" + accountId + ", days=" + days.size() + ", events=" + appliedEventCount()
                + ", invoices=" + invoices.size() + ", contracts=" + contracts.size() + ", surveys="
                + surveys.size() + "}";
    }

    // ---- folding ----

    private static <K, V> SortedMap<K, V> frozen(Map<K, V> m) {
        return Collections.unmodifiableSortedMap(new TreeMap<>(m));
    }

    private static <K, V> SortedMap<K, V> without(SortedMap<K, V> m, Predicate<V> drop) {
        TreeMap<K, V> t = new TreeMap<>(m);
        t.values().removeIf(drop);
        return Collections.unmodifiableSortedMap(t);
    }

    /** True when (at, id) comes after (otherAt, otherId): the total order that makes registers order-free. */
    private static boolean later(Instant at, String id, Instant otherAt, String otherId) {
        int c = at.compareTo(otherAt);
        return c > 0 || (c == 0 && id.compareTo(otherId) > 0);
    }

    private static int severityWeight(Severity s) {
        return s.ordinal() + 1;
    }

    /**
     * A mutable working copy that copies each map only when it is first written and then changes its own
     * copy in place; the state built from it wraps those copies read-only, and the draft is dropped.
     */
    private static final class Draft {
        /** The maps this draft copied and may change in place (by identity). */
        private final java.util.Set<Object> owned = Collections.newSetFromMap(new java.util.IdentityHashMap<>());

        String accountId;
        AccountProfile profile;
        SortedMap<LocalDate, DailySignals> days = Collections.emptySortedMap();
        SortedMap<String, Survey> surveys = Collections.emptySortedMap();
        SortedMap<String, Invoice> invoices = Collections.emptySortedMap();
        SortedMap<String, Payment> payments = Collections.emptySortedMap();
        SortedMap<String, Contract> contracts = Collections.emptySortedMap();
        SortedMap<String, RenewalNotice> renewals = Collections.emptySortedMap();
        SortedMap<String, TicketMark> ticketsOpened = Collections.emptySortedMap();
        SortedMap<String, TicketMark> ticketsResolved = Collections.emptySortedMap();
        SortedSet<String> currencies = Collections.emptySortedSet();
        Instant firstCommitmentAt;
        Instant lastTransactionAt;
        Instant lastTwoWayInteractionAt;
        SortedMap<LocalDate, SortedSet<String>> appliedEventIds = Collections.emptySortedMap();

        Draft() {}

        Draft(AccountState s) {
            accountId = s.accountId;
            profile = s.profile;
            days = s.days;
            surveys = s.surveys;
            invoices = s.invoices;
            payments = s.payments;
            contracts = s.contracts;
            renewals = s.renewals;
            ticketsOpened = s.ticketsOpened;
            ticketsResolved = s.ticketsResolved;
            currencies = s.currencies;
            firstCommitmentAt = s.firstCommitmentAt;
            lastTransactionAt = s.lastTransactionAt;
            lastTwoWayInteractionAt = s.lastTwoWayInteractionAt;
            appliedEventIds = s.appliedEventIds;
        }

        private <K, V> SortedMap<K, V> put(SortedMap<K, V> m, K k, V v) {
            TreeMap<K, V> t;
            if (owned.contains(m)) {
                t = (TreeMap<K, V>) m;
            } else {
                t = new TreeMap<>(m);
                owned.add(t);
            }
            t.put(k, v);
            return t;
        }

        /** The map as a state may hold it: this draft's own copies are wrapped read-only. */
        <K, V> SortedMap<K, V> sealed(SortedMap<K, V> m) {
            return owned.contains(m) ? Collections.unmodifiableSortedMap(m) : m;
        }

        /** {@link #appliedEventIds} as a state may hold it, the day sets this draft changed included. */
        SortedMap<LocalDate, SortedSet<String>> sealedAppliedEventIds() {
            if (!owned.contains(appliedEventIds)) return appliedEventIds;
            appliedEventIds.replaceAll(
                    (day, ids) -> owned.contains(ids) ? Collections.unmodifiableSortedSet(ids) : ids);
            return Collections.unmodifiableSortedMap(appliedEventIds);
        }

        void markApplied(LocalDate day, String eventId) {
            SortedSet<String> current = appliedEventIds.getOrDefault(day, Collections.emptySortedSet());
            TreeSet<String> s;
            if (owned.contains(current)) {
                s = (TreeSet<String>) current;
            } else {
                s = new TreeSet<>(current);
                owned.add(s);
            }
            s.add(eventId);
            appliedEventIds = put(appliedEventIds, day, s);
        }

        void bucket(LocalDate day, java.util.function.UnaryOperator<DailySignals> change) {
            days = put(days, day, change.apply(days.getOrDefault(day, DailySignals.EMPTY)));
        }

        void transaction(Instant at, String currency, boolean commitment) {
            lastTransactionAt = lastTransactionAt == null || at.isAfter(lastTransactionAt) ? at : lastTransactionAt;
            if (commitment && (firstCommitmentAt == null || at.isBefore(firstCommitmentAt))) {
                firstCommitmentAt = at;
            }
            currency(currency);
        }

        void currency(String currency) {
            if (!currencies.contains(currency)) {
                TreeSet<String> c = new TreeSet<>(currencies);
                c.add(currency);
                currencies = Collections.unmodifiableSortedSet(c);
            }
        }

        /** Replaces the register at {@code key} if the event is later than its current winner. */
        <V> SortedMap<String, V> register(
                SortedMap<String, V> m,
                String key,
                V candidate,
                java.util.function.Function<V, Instant> at,
                java.util.function.Function<V, String> id) {
            V current = m.get(key);
            if (current == null
                    || later(at.apply(candidate), id.apply(candidate), at.apply(current), id.apply(current))) {
                return put(m, key, candidate);
            }
            return m;
        }

        void fold(RapportEvent e, LocalDate day) {
            Instant at = e.occurredAt();
            if (e instanceof TwoWayInteraction t) {
                Signal s = t.direction() == Direction.INBOUND ? Signal.INBOUND : Signal.OUTBOUND;
                Contact c = t.contact();
                bucket(day, b -> {
                    DailySignals n = b.plus(s, 1);
                    return c != null && c.contactId() != null ? n.withContact(c.contactId()) : n;
                });
                if (lastTwoWayInteractionAt == null || at.isAfter(lastTwoWayInteractionAt)) {
                    lastTwoWayInteractionAt = at;
                }
            } else if (e instanceof Interactions.SupportTicketOpened t) {
                bucket(day, b -> b.plus(Signal.TICKETS_OPENED, 1));
                ticketsOpened = register(
                        ticketsOpened,
                        t.ticketId(),
                        new TicketMark(t.eventId(), at, t.priority()),
                        TicketMark::occurredAt,
                        TicketMark::eventId);
            } else if (e instanceof Interactions.SupportTicketResolved t) {
                bucket(day, b -> b.plus(Signal.TICKETS_RESOLVED, 1));
                ticketsResolved = register(
                        ticketsResolved,
                        t.ticketId(),
                        new TicketMark(t.eventId(), at, null),
                        TicketMark::occurredAt,
                        TicketMark::eventId);
            } else if (e instanceof Interactions.SurveyResponse s) {
                String contactId = s.contact() == null ? null : s.contact().contactId();
                surveys = put(surveys, s.eventId(), new Survey(at, s.survey(), s.score(), contactId));
            } else if (e instanceof Interactions.ProductUsage u) {
                bucket(day, b -> b.plusUsage(u.metric(), u.quantity()));
            } else if (e instanceof Interactions.Complaint c) {
                bucket(
                        day,
                        b -> b.plus(Signal.COMPLAINTS, 1)
                                .plus(Signal.COMPLAINT_SEVERITY, severityWeight(c.severity())));
            } else if (e instanceof Interactions.DeliveryDelayed dd) {
                bucket(day, b -> b.plus(Signal.DELIVERY_DELAYS, 1).plus(Signal.DELIVERY_DAYS_LATE, dd.daysLate()));
            } else if (e instanceof Interactions.QualityIncident q) {
                bucket(
                        day,
                        b -> b.plus(Signal.QUALITY_INCIDENTS, 1)
                                .plus(Signal.QUALITY_SEVERITY, severityWeight(q.severity())));
            } else if (e instanceof Transactions.Order o) {
                bucket(day, b -> b.plus(Signal.ORDERS, 1).plus(Amount.ORDER_VALUE, o.amount()));
                transaction(at, o.currency(), true);
            } else if (e instanceof Transactions.InvoiceIssued i) {
                invoices = register(
                        invoices,
                        i.invoiceId(),
                        new Invoice(i.eventId(), at, i.amount(), i.currency(), i.dueDate()),
                        Invoice::issuedAt,
                        Invoice::eventId);
                transaction(at, i.currency(), true);
            } else if (e instanceof Transactions.PaymentReceived p) {
                payments = put(payments, p.eventId(), new Payment(at, p.invoiceId(), p.amount()));
                transaction(at, p.currency(), false);
            } else if (e instanceof Transactions.Refund r) {
                bucket(day, b -> b.plus(Amount.REFUNDS, r.amount()));
                transaction(at, r.currency(), false);
            } else if (e instanceof Transactions.ContractSigned c) {
                contracts = register(
                        contracts,
                        c.contractId(),
                        new Contract(c.eventId(), at, c.amount(), c.startDate(), c.endDate()),
                        Contract::signedAt,
                        Contract::eventId);
                transaction(at, c.currency(), true);
            } else if (e instanceof Transactions.ContractRenewalDue r) {
                renewals = register(
                        renewals,
                        r.contractId(),
                        new RenewalNotice(r.eventId(), at, r.amount(), r.renewalDate()),
                        RenewalNotice::occurredAt,
                        RenewalNotice::eventId);
                // A renewal notice is a date coming up in the CRM, not activity: it only records the currency.
                currency(r.currency());
            } else if (e instanceof AccountEvent a) {
                if (profile == null || later(at, a.eventId(), profile.occurredAt(), profile.eventId())) {
                    List<String> contactIds = new ArrayList<>();
                    for (Contact c : a.contacts()) contactIds.add(c.contactId());
                    profile = new AccountProfile(
                            a.eventId(),
                            at,
                            a.name(),
                            a.kind(),
                            a.industry(),
                            a.region(),
                            a.tier(),
                            a.owningTeam(),
                            contactIds,
                            a.tags());
                }
            } else {
                throw new IllegalArgumentException("unsupported event type " + e.type());
            }
        }
    }
}
