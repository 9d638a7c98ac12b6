package io.rapport.localstack.demo;

import static io.rapport.localstack.demo.DemoVocabulary.pick;

import io.rapport.common.event.AccountEvent;
import io.rapport.common.event.AccountKind;
import io.rapport.common.event.Contact;
import io.rapport.common.event.Direction;
import io.rapport.common.event.Interactions;
import io.rapport.common.event.RapportEvent;
import io.rapport.common.event.Severity;
import io.rapport.common.event.SurveyKind;
import io.rapport.common.event.Transactions;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Generates realistic, deterministic account histories for the local stack's demo and for benchmarks:
 * for each account an opening {@code account_updated} event, then eighteen months of interactions and
 * transactions that follow the account's {@link AccountProfile}. The same seed always gives the same
 * events; each account draws from its own random streams, so one account's history does not depend on
 * how many accounts are generated, and a million accounts can be streamed one at a time.
 */
public final class DemoDataGenerator {
    /** Length of an established account's history before {@code now}. */
    public static final int HISTORY_MONTHS = 18;

    /** The order of {@link #generate(int, Instant)}: by event time, then by event id. */
    public static final Comparator<RapportEvent> EVENT_ORDER =
            Comparator.comparing(RapportEvent::occurredAt).thenComparing(RapportEvent::eventId);

    private static final long ATTRIBUTE_STREAM = 0x41_54_54_52L;
    private static final long EVENT_STREAM = 0x45_56_4E_54L;
    private static final double DAY_SECONDS = 86_400;
    private static final double WEEKS_PER_MONTH = 4.345;

    private final long seed;

    /** A generator whose output is fully determined by {@code seed}. */
    public DemoDataGenerator(long seed) {
        this.seed = seed;
    }

    /** All events of accounts {@code 1..accounts}, none after {@code now}, in {@link #EVENT_ORDER}. */
    public List<RapportEvent> generate(int accounts, Instant now) {
        List<RapportEvent> events = new ArrayList<>();
        generate(accounts, now, events::add);
        events.sort(EVENT_ORDER);
        return events;
    }

    /**
     * Hands the same events as {@link #generate(int, Instant)} to {@code sink}, account after account,
     * each account's events in {@link #EVENT_ORDER}; only one account's events are held at a time.
     */
    public void generate(int accounts, Instant now, Consumer<? super RapportEvent> sink) {
        checkCount(accounts);
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(sink, "sink");
        for (int index = 1; index <= accounts; index++) {
            history(account(index), now).forEach(sink);
        }
    }

    /** The events of one account, none after {@code now}, in {@link #EVENT_ORDER}. */
    public List<RapportEvent> history(DemoAccount account, Instant now) {
        return new History(account, now).events();
    }

    /** The attributes and profile of account {@code index} (from 1), without generating its events. */
    public DemoAccount account(int index) {
        if (index < 1) {
            throw new IllegalArgumentException("account index must be at least 1, was " + index);
        }
        return describe(index, new SplittableRandom(mix(seed, index, ATTRIBUTE_STREAM)));
    }

    /** Accounts {@code 1..accounts}, e.g. to count them by profile, kind or region. */
    public Stream<DemoAccount> accounts(int accounts) {
        checkCount(accounts);
        return IntStream.rangeClosed(1, accounts).mapToObj(this::account);
    }

    /** The opening {@code account_updated} event of each account, exactly as the full history has it. */
    public Stream<AccountEvent> accountEvents(int accounts, Instant now) {
        return accounts(accounts).map(account -> opening(account, now));
    }

    /** The opening {@code account_updated} event of one account, without generating the rest of its history. */
    public AccountEvent opening(DemoAccount account, Instant now) {
        return new History(account, now).opening();
    }

    /** The id of account {@code index}, e.g. {@code acc-00042}. */
    public static String accountId(int index) {
        return "acc-" + pad(index, 5);
    }

    private static void checkCount(int accounts) {
        if (accounts < 0) {
            throw new IllegalArgumentException("account count must not be negative, was " + accounts);
        }
    }

    // ---------------------------------------------------------------- account attributes

    private static DemoAccount describe(int index, SplittableRandom r) {
        int kindRoll = r.nextInt(100);
        AccountKind kind =
                kindRoll < 75 ? AccountKind.CUSTOMER : kindRoll < 90 ? AccountKind.SUPPLIER : AccountKind.PARTNER;
        AccountProfile profile = AccountProfile.pick(kind, r);
        int regionRoll = r.nextInt(100);
        String region = regionRoll < 40 ? "EMEA" : regionRoll < 75 ? "NA" : regionRoll < 90 ? "APAC" : "LATAM";
        boolean british = region.equals("EMEA") && r.nextInt(10) < 3;
        String currency = british ? "GBP" : region.equals("EMEA") ? "EUR" : "USD";
        int tierRoll = r.nextInt(100);
        String tier = tierRoll < 5 ? "strategic" : tierRoll < 20 ? "key" : tierRoll < 60 ? "core" : "tail";
        int industry = r.nextInt(DemoVocabulary.INDUSTRIES.size());
        String prefix = pick(DemoVocabulary.COMPANY_PREFIXES, r);
        String word = pick(DemoVocabulary.INDUSTRY_WORDS.get(industry), r);
        String name = prefix + " " + word + " " + legalSuffix(region, british, r);
        String domain = (prefix + word).toLowerCase(java.util.Locale.ROOT) + topLevelDomain(region, british, r);

        int contactCount = switch (tier) {
            case "strategic" -> r.nextInt(3, 7);
            case "key" -> r.nextInt(2, 6);
            case "core" -> r.nextInt(1, 5);
            default -> r.nextInt(1, 3);
        };
        List<String> roles = switch (kind) {
            case SUPPLIER -> DemoVocabulary.SUPPLIER_ROLES;
            case PARTNER -> DemoVocabulary.PARTNER_ROLES;
            case CUSTOMER -> DemoVocabulary.CUSTOMER_ROLES;
        };
        List<Contact> contacts = new ArrayList<>();
        Set<String> emails = new HashSet<>();
        for (int i = 1; i <= contactCount; i++) {
            String first = pick(DemoVocabulary.FIRST_NAMES, r);
            String last = pick(DemoVocabulary.LAST_NAMES, r);
            String local = (first + "." + last).toLowerCase(java.util.Locale.ROOT);
            String email = local + "@" + domain;
            if (!emails.add(email)) {
                email = local + i + "@" + domain;
                emails.add(email);
            }
            contacts.add(new Contact("ct-" + pad(index, 5) + "-" + i, first + " " + last, email, pick(roles, r)));
        }

        List<String> tags = new ArrayList<>();
        tags.add("demo");
        tags.add(
                switch (kind) {
                    case CUSTOMER -> "direct";
                    case SUPPLIER -> "approved-supplier";
                    case PARTNER -> "reseller";
                });
        int optional = r.nextInt(3);
        for (int i = 0; i < optional; i++) {
            String tag = pick(DemoVocabulary.OPTIONAL_TAGS, r);
            if (!tags.contains(tag)) {
                tags.add(tag);
            }
        }
        return new DemoAccount(
                index,
                accountId(index),
                name,
                kind,
                profile,
                DemoVocabulary.INDUSTRIES.get(industry),
                region,
                tier,
                owningTeam(kind, tier, region, false),
                currency,
                contacts,
                tags);
    }

    private static String legalSuffix(String region, boolean british, SplittableRandom r) {
        if (british) {
            return "Ltd";
        }
        return switch (region) {
            case "EMEA" -> pick(List.of("GmbH", "SA", "BV", "AB", "SpA", "Oy"), r);
            case "NA" -> pick(List.of("Inc.", "LLC", "Corp."), r);
            case "APAC" -> pick(List.of("Pte Ltd", "Pty Ltd", "KK", "Ltd"), r);
            default -> pick(List.of("S.A.", "Ltda.", "S.A. de C.V."), r);
        };
    }

    private static String topLevelDomain(String region, boolean british, SplittableRandom r) {
        if (british) {
            return ".co.uk";
        }
        return switch (region) {
            case "EMEA" -> pick(List.of(".de", ".fr", ".nl", ".se", ".it", ".eu"), r);
            case "NA" -> pick(List.of(".com", ".us", ".ca"), r);
            case "APAC" -> pick(List.of(".sg", ".com.au", ".jp", ".in"), r);
            default -> pick(List.of(".com.br", ".mx", ".com.ar", ".cl"), r);
        };
    }

    private static String owningTeam(AccountKind kind, String tier, String region, boolean reassigned) {
        String suffix = region.toLowerCase(java.util.Locale.ROOT);
        return switch (kind) {
            case SUPPLIER -> reassigned ? "strategic-sourcing" : "procurement-" + suffix;
            case PARTNER -> reassigned ? "alliances-" + suffix : "alliances";
            case CUSTOMER -> {
                if (reassigned) {
                    yield "sales-" + suffix;
                }
                yield tier.equals("strategic") || tier.equals("key")
                        ? "key-accounts-" + suffix
                        : "customer-success-" + suffix;
            }
        };
    }

    // ---------------------------------------------------------------- one account's history

    /** A not-yet-numbered event: ids are given in time order once the whole history is drawn. */
    private record Draft(Instant at, Function<String, RapportEvent> build) {}

    /** Draws one account's history from the account's own event stream. */
    private final class History {
        private final DemoAccount a;
        private final AccountProfile profile;
        private final boolean supplier;
        private final SplittableRandom r;
        private final Instant now;
        private final Instant start;
        private final double spanSeconds;
        private final ZoneOffset zone;
        private final String number;
        /** When a churning account stops ordering and using the product; null otherwise. */
        private final Instant churnAt;
        /** After this a churning account has no transaction at all. */
        private final Instant transactionCutoff;
        /** After this a churning account no longer answers: only our unanswered e-mails remain. */
        private final Instant silentAfter;

        private final double orderBase;
        private final double orderIntervalDays;
        private final double usageBase;
        private final List<Draft> drafts = new ArrayList<>();
        private int orders;
        private int invoices;
        private int tickets;
        private int contracts;

        History(DemoAccount account, Instant now) {
            this.a = account;
            this.profile = account.profile();
            this.supplier = account.kind() == AccountKind.SUPPLIER;
            this.now = now;
            this.r = new SplittableRandom(mix(seed, account.index(), EVENT_STREAM));
            Instant since = profile == AccountProfile.NEW_PROSPECT
                    ? now.minusSeconds((long) (r.nextDouble(20, 100) * DAY_SECONDS))
                    : now.atOffset(ZoneOffset.UTC)
                            .minusMonths(HISTORY_MONTHS)
                            .toInstant()
                            .plusSeconds(r.nextLong(0, 72 * 3600));
            this.start = since.truncatedTo(ChronoUnit.SECONDS);
            this.spanSeconds = Math.max(1, Duration.between(start, now).getSeconds());
            this.zone = switch (account.region()) {
                case "EMEA" -> ZoneOffset.ofHours(1);
                case "NA" -> ZoneOffset.ofHours(-5);
                case "APAC" -> ZoneOffset.ofHours(8);
                default -> ZoneOffset.ofHours(-3);
            };
            this.number = pad(account.index(), 5);
            if (profile == AccountProfile.CHURNING) {
                churnAt = days(now, -r.nextDouble(140, 183));
                transactionCutoff = days(churnAt, 18);
                silentAfter = days(churnAt, 14);
            } else {
                churnAt = null;
                transactionCutoff = null;
                silentAfter = null;
            }
            switch (account.tier()) {
                case "strategic" -> {
                    orderBase = r.nextDouble(20_000, 60_000);
                    orderIntervalDays = 10;
                    usageBase = r.nextDouble(800, 3000);
                }
                case "key" -> {
                    orderBase = r.nextDouble(5_000, 20_000);
                    orderIntervalDays = 14;
                    usageBase = r.nextDouble(150, 600);
                }
                case "core" -> {
                    orderBase = r.nextDouble(1_000, 5_000);
                    orderIntervalDays = 30;
                    usageBase = r.nextDouble(25, 150);
                }
                default -> {
                    orderBase = r.nextDouble(150, 1_200);
                    orderIntervalDays = 45;
                    usageBase = r.nextDouble(3, 20);
                }
            }
        }

        AccountEvent opening() {
            return accountEvent(eventId(0), start, a.tier(), a.owningTeam());
        }

        List<RapportEvent> events() {
            add(start, id -> accountEvent(id, start, a.tier(), a.owningTeam()));
            laterUpdate();
            if (profile.trades()) {
                contracts();
                orders();
            }
            interactions();
            complaints();
            if (!supplier) {
                usage();
                tickets();
                if (profile.trades()) {
                    surveys();
                }
            }
            // Anything drawn past now has not happened yet; the opening event is always first.
            drafts.removeIf(d -> d.at().isAfter(now) || d.at().isBefore(start));
            drafts.sort(Comparator.comparing(Draft::at));
            List<RapportEvent> events = new ArrayList<>(drafts.size());
            for (int i = 0; i < drafts.size(); i++) {
                events.add(drafts.get(i).build().apply(eventId(i)));
            }
            return events;
        }

        private String eventId(int sequence) {
            return "demo-" + a.accountId() + "-" + pad(sequence, 5);
        }

        private AccountEvent accountEvent(String id, Instant at, String tier, String team) {
            return new AccountEvent(
                    id,
                    a.accountId(),
                    at,
                    supplier ? "sap-ariba" : "salesforce",
                    a.name(),
                    a.kind(),
                    a.industry(),
                    a.region(),
                    tier,
                    team,
                    a.contacts(),
                    a.tags());
        }

        // A tier change follows the trend; otherwise the account is handed to another team.
        private void laterUpdate() {
            if (!profile.trades() || r.nextInt(100) >= 30) {
                return;
            }
            Instant at = workTime(uniform(days(start, 60), days(now, -7)));
            List<String> tiers = List.of("tail", "core", "key", "strategic");
            int tier = tiers.indexOf(a.tier());
            String newTier = a.tier();
            boolean reassigned = false;
            switch (profile) {
                case GROWING, EXPANSION_CANDIDATE -> newTier = tiers.get(Math.min(tier + 1, tiers.size() - 1));
                case DECLINING, CHURNING -> newTier = tiers.get(Math.max(tier - 1, 0));
                default -> reassigned = true;
            }
            String tierAfter = newTier;
            String team = owningTeam(a.kind(), tierAfter, a.region(), reassigned);
            add(at, id -> accountEvent(id, at, tierAfter, team));
        }

        // ------------------------------------------------------------ transactions

        private void contracts() {
            LocalDate begin = date(days(start, r.nextDouble(0, 180)));
            Instant candidate = days(startOfDay(begin), -r.nextDouble(0, 14));
            Instant signedAt = workTime(candidate.isBefore(days(start, 1)) ? days(start, 1) : candidate);
            double annual = orderBase * 365 / orderIntervalDays * r.nextDouble(0.9, 1.1);
            String source = supplier ? "sap-ariba" : "salesforce";
            while (true) {
                String contractId = "CTR-" + number + "-" + ++contracts;
                BigDecimal value = money(annual);
                LocalDate from = begin;
                LocalDate to = begin.plusYears(1).minusDays(1);
                Instant signed = signedAt;
                addTransaction(
                        signed,
                        id -> new Transactions.ContractSigned(
                                id, a.accountId(), signed, source, contractId, value, a.currency(), from, to));
                LocalDate renewal = to.plusDays(1);
                Instant dueAt = workTime(startOfDay(renewal.minusDays(90)));
                if (dueAt.isAfter(now)) {
                    return;
                }
                addTransaction(
                        dueAt,
                        id -> new Transactions.ContractRenewalDue(
                                id, a.accountId(), dueAt, source, contractId, value, a.currency(), renewal));
                if (!renews()) {
                    return;
                }
                signedAt = workTime(startOfDay(renewal.minusDays(r.nextInt(0, 30))));
                if (signedAt.isAfter(now)) {
                    return;
                }
                annual *= switch (profile) {
                    case GROWING -> r.nextDouble(1.15, 1.35);
                    case EXPANSION_CANDIDATE -> r.nextDouble(1.2, 1.5);
                    case DECLINING -> r.nextDouble(0.7, 0.9);
                    default -> r.nextDouble(0.98, 1.06);
                };
                begin = renewal;
            }
        }

        private boolean renews() {
            return switch (profile) {
                case CHURNING -> false;
                case DECLINING -> r.nextBoolean();
                case DETRACTOR -> r.nextInt(10) < 6;
                default -> true;
            };
        }

        private void orders() {
            Instant end = churnAt != null ? churnAt : now;
            Instant t = days(start, r.nextDouble(1, orderIntervalDays));
            while (t.isBefore(end)) {
                double f = progress(t);
                Instant at = workTime(t);
                if (at.isAfter(end)) {
                    break;
                }
                order(at, f);
                t = days(t, orderIntervalDays / orderFrequency(f) * r.nextDouble(0.8, 1.2));
            }
        }

        private double orderFrequency(double f) {
            return switch (profile) {
                case GROWING -> 0.7 + 0.8 * f;
                case DECLINING -> 1.2 - 0.6 * f;
                case CHURNING -> 1.0 - 0.3 * f;
                case EXPANSION_CANDIDATE -> 1.0 + 0.2 * f;
                default -> 1.0;
            };
        }

        private double orderSize(double f) {
            return switch (profile) {
                case GROWING -> 0.55 + 1.05 * f;
                case DECLINING -> 1.2 - 0.5 * f;
                case CHURNING -> 1.0 - 0.2 * f;
                case DETRACTOR -> 1.0 - 0.15 * f;
                case EXPANSION_CANDIDATE -> 1.0 + 0.3 * f;
                default -> 1.0;
            };
        }

        private void order(Instant at, double f) {
            String orderId = (supplier ? "PO-" : "SO-") + number + "-" + pad(++orders, 4);
            BigDecimal amount = money(orderBase * orderSize(f) * r.nextDouble(0.85, 1.15));
            String source = supplier ? "sap-ariba" : "netsuite";
            addTransaction(
                    at, id -> new Transactions.Order(id, a.accountId(), at, source, orderId, amount, a.currency()));

            // Suppliers deliver to us late and with defects; we occasionally do the same to customers.
            Instant expected = days(at, r.nextDouble(5, 21));
            double delayChance = supplier
                    ? switch (profile) {
                        case DECLINING -> 0.30;
                        case CHURNING -> 0.20;
                        default -> 0.10;
                    }
                    : 0.03;
            if (r.nextDouble() < delayChance) {
                Instant delayedAt = workTime(expected);
                int daysLate = supplier ? r.nextInt(1, 46) : r.nextInt(1, 15);
                add(
                        delayedAt,
                        id -> new Interactions.DeliveryDelayed(
                                id, a.accountId(), delayedAt, source, orderId, daysLate));
            }
            double qualityChance = supplier
                    ? (profile == AccountProfile.DECLINING ? 0.15 : 0.05)
                    : (profile == AccountProfile.DETRACTOR ? 0.05 : 0.015);
            if (r.nextDouble() < qualityChance) {
                Instant foundAt = workTime(days(expected, r.nextDouble(1, 10)));
                Severity severity = severity(supplier && profile == AccountProfile.DECLINING ? 2 : 0);
                String description = supplier
                        ? "Goods received on " + orderId + " failed incoming inspection"
                        : "Defect reported on goods delivered for " + orderId;
                add(
                        foundAt,
                        id -> new Interactions.QualityIncident(
                                id,
                                a.accountId(),
                                foundAt,
                                supplier ? "sap-ariba" : "zendesk",
                                orderId,
                                severity,
                                description));
            }
            if (!supplier) {
                invoice(at, amount);
                double refundChance = profile == AccountProfile.DETRACTOR ? 0.06 : 0.025;
                if (r.nextDouble() < refundChance) {
                    Instant refundedAt = workTime(days(at, r.nextDouble(5, 40)));
                    BigDecimal refunded =
                            money(amount.doubleValue() * r.nextDouble(0.1, 1.0)).min(amount);
                    String reason = pick(DemoVocabulary.REFUND_REASONS, r);
                    addTransaction(
                            refundedAt,
                            id -> new Transactions.Refund(
                                    id,
                                    a.accountId(),
                                    refundedAt,
                                    "netsuite",
                                    orderId,
                                    refunded,
                                    a.currency(),
                                    reason));
                }
            }
        }

        private void invoice(Instant orderedAt, BigDecimal amount) {
            String invoiceId = "INV-" + number + "-" + pad(++invoices, 4);
            Instant issuedAt = orderedAt.plusSeconds(r.nextLong(3600, 2 * 86_400));
            LocalDate due = issuedAt.atOffset(ZoneOffset.UTC).toLocalDate().plusDays(30);
            addTransaction(
                    issuedAt,
                    id -> new Transactions.InvoiceIssued(
                            id, a.accountId(), issuedAt, "netsuite", invoiceId, amount, a.currency(), due));
            Instant paidAt;
            if (profile == AccountProfile.LATE_PAYER) {
                if (r.nextInt(100) < 15) {
                    return; // never paid
                }
                paidAt = workTime(startOfDay(due.plusDays(r.nextInt(20, 91))));
            } else if (profile == AccountProfile.CHURNING) {
                paidAt = workTime(days(issuedAt, r.nextDouble(5, 25)));
            } else {
                int offset = r.nextInt(100) < 93 ? -r.nextInt(0, 21) : r.nextInt(1, 16);
                paidAt = workTime(startOfDay(due.plusDays(offset)));
            }
            Instant earliest = days(issuedAt, 1);
            Instant paid = paidAt.isBefore(earliest) ? earliest : paidAt;
            addTransaction(
                    paid,
                    id -> new Transactions.PaymentReceived(
                            id, a.accountId(), paid, "netsuite", invoiceId, amount, a.currency()));
        }

        private void addTransaction(Instant at, Function<String, RapportEvent> build) {
            if (transactionCutoff == null || !at.isAfter(transactionCutoff)) {
                add(at, build);
            }
        }

        // ------------------------------------------------------------ interactions

        private void interactions() {
            double monthly = switch (a.tier()) {
                case "strategic" -> 10;
                case "key" -> 6;
                case "core" -> 3;
                default -> 1.2;
            };
            monthly *= switch (a.kind()) {
                case SUPPLIER -> 0.6;
                case PARTNER -> 0.8;
                case CUSTOMER -> 1.0;
            };
            for (Instant week = start; week.isBefore(now); week = days(week, 7)) {
                double f = progress(week);
                int count = poisson(monthly / WEEKS_PER_MONTH * engagement(week, f));
                for (int i = 0; i < count; i++) {
                    conversation(workTime(uniform(week, days(week, 7))), false);
                }
                if (silentAfter != null && week.isAfter(silentAfter)) {
                    int attempts = poisson(0.6 / WEEKS_PER_MONTH);
                    for (int i = 0; i < attempts; i++) {
                        conversation(workTime(uniform(week, days(week, 7))), true);
                    }
                }
            }
        }

        private double engagement(Instant t, double f) {
            return switch (profile) {
                case GROWING -> 1.0 + 0.4 * f;
                case DECLINING -> 1.0 - 0.5 * f;
                case DETRACTOR -> 1.1;
                case EXPANSION_CANDIDATE -> 1.2 + 0.5 * f;
                case NEW_PROSPECT -> 2.5;
                case CHURNING -> {
                    Instant fadeFrom = days(churnAt, -60);
                    if (t.isBefore(fadeFrom)) {
                        yield 1.0;
                    }
                    if (t.isAfter(silentAfter)) {
                        yield 0.0;
                    }
                    yield 1.0 - 0.9 * Duration.between(fadeFrom, t).getSeconds() / (74 * DAY_SECONDS);
                }
                default -> 1.0;
            };
        }

        private double inboundShare() {
            return switch (profile) {
                case EXPANSION_CANDIDATE -> 0.55;
                case GROWING, DETRACTOR -> 0.5;
                case DECLINING -> 0.3;
                case CHURNING -> 0.2;
                case NEW_PROSPECT -> 0.25;
                default -> 0.4;
            };
        }

        private void conversation(Instant at, boolean unanswered) {
            Contact contact = pick(a.contacts(), r);
            if (unanswered) {
                add(
                        at,
                        id -> new Interactions.Email(
                                id, a.accountId(), at, "salesforce", Direction.OUTBOUND, contact, "Checking in"));
                return;
            }
            Direction direction = r.nextDouble() < inboundShare() ? Direction.INBOUND : Direction.OUTBOUND;
            boolean prospect = profile == AccountProfile.NEW_PROSPECT;
            int meetingShare = a.tier().equals("strategic") || a.tier().equals("key") ? 22 : 15;
            int roll = r.nextInt(100);
            if (roll < meetingShare) {
                String subject = pick(prospect ? DemoVocabulary.PROSPECT_SUBJECTS : DemoVocabulary.MEETING_SUBJECTS, r);
                int minutes = pick(List.of(30, 30, 45, 60, 60, 90), r);
                add(
                        at,
                        id -> new Interactions.Meeting(
                                id, a.accountId(), at, "salesforce", direction, contact, minutes, subject));
            } else if (roll < meetingShare + 25) {
                int seconds = r.nextInt(60, 3600);
                add(at, id -> new Interactions.Call(id, a.accountId(), at, "salesforce", direction, contact, seconds));
            } else if (roll < meetingShare + 70) {
                String subject =
                        profile == AccountProfile.LATE_PAYER && direction == Direction.OUTBOUND && r.nextInt(4) == 0
                                ? "Payment reminder: overdue invoice"
                                : pick(prospect ? DemoVocabulary.PROSPECT_SUBJECTS : DemoVocabulary.EMAIL_SUBJECTS, r);
                add(at, id -> new Interactions.Email(id, a.accountId(), at, "salesforce", direction, contact, subject));
            } else {
                String channel = pick(DemoVocabulary.MESSAGE_CHANNELS, r);
                add(at, id -> new Interactions.Message(id, a.accountId(), at, "intercom", direction, contact, channel));
            }
        }

        private void complaints() {
            double monthly = switch (profile) {
                case DETRACTOR -> 0.6;
                case CHURNING -> 0.4;
                case DECLINING -> 0.2;
                case LATE_PAYER -> 0.1;
                case NEW_PROSPECT -> 0.0;
                default -> 0.05;
            };
            List<String> categories =
                    supplier ? DemoVocabulary.SUPPLIER_COMPLAINTS : DemoVocabulary.CUSTOMER_COMPLAINTS;
            for (Instant week = start; week.isBefore(now); week = days(week, 7)) {
                if (silentAfter != null && week.isAfter(silentAfter)) {
                    break;
                }
                int count = poisson(monthly / WEEKS_PER_MONTH);
                for (int i = 0; i < count; i++) {
                    Instant at = workTime(uniform(week, days(week, 7)));
                    String category = pick(categories, r);
                    Severity severity = severity(profile == AccountProfile.DETRACTOR ? 2 : 1);
                    String description = supplier
                            ? "Raised with the supplier about " + category
                            : "Customer complained about " + category;
                    add(
                            at,
                            id -> new Interactions.Complaint(
                                    id,
                                    a.accountId(),
                                    at,
                                    supplier ? "sap-ariba" : "zendesk",
                                    category,
                                    severity,
                                    description));
                }
            }
        }

        // Weekly active users, reported the night after the week closes.
        private void usage() {
            LocalDate monday = date(start).plusDays(1).with(TemporalAdjusters.nextOrSame(DayOfWeek.MONDAY));
            boolean trial = profile != AccountProfile.NEW_PROSPECT || r.nextInt(10) < 7;
            if (!trial) {
                return;
            }
            String source = "segment";
            for (LocalDate from = monday; ; from = from.plusDays(7)) {
                LocalDate periodStart = from;
                LocalDate periodEnd = from.plusDays(6);
                Instant at = startOfDayUtc(periodEnd.plusDays(1)).plusSeconds(r.nextLong(2 * 3600, 4 * 3600));
                if (at.isAfter(now) || (churnAt != null && at.isAfter(churnAt))) {
                    return;
                }
                double level = usageLevel(at, progress(at));
                if (level < 0) {
                    continue;
                }
                BigDecimal users = BigDecimal.valueOf(Math.round(usageBase * level * r.nextDouble(0.9, 1.1)));
                add(
                        at,
                        id -> new Interactions.ProductUsage(
                                id, a.accountId(), at, source, "active_users", users, periodStart, periodEnd));
            }
        }

        /** Usage relative to the account's base, or negative for a week without a report. */
        private double usageLevel(Instant t, double f) {
            return switch (profile) {
                case GROWING -> 0.6 + 0.9 * f;
                case DECLINING -> 1.2 - 0.7 * f;
                case DETRACTOR -> 0.9;
                case EXPANSION_CANDIDATE -> 0.7 + 1.8 * f;
                case NEW_PROSPECT -> Duration.between(start, t).toDays() < 14 ? -1 : 0.15 + 0.15 * f;
                case CHURNING -> {
                    Instant fadeFrom = days(churnAt, -120);
                    if (t.isBefore(fadeFrom)) {
                        yield 1.0;
                    }
                    yield 1.0 - 0.8 * Duration.between(fadeFrom, t).getSeconds() / (120 * DAY_SECONDS);
                }
                default -> 1.0;
            };
        }

        private void tickets() {
            double monthly = switch (a.tier()) {
                case "strategic" -> 3;
                case "key" -> 2;
                case "core" -> 1;
                default -> 0.4;
            };
            monthly *= switch (profile) {
                case DETRACTOR -> 3;
                case DECLINING, CHURNING -> 1.5;
                case EXPANSION_CANDIDATE -> 0.8;
                case NEW_PROSPECT -> 0.3;
                default -> 1.0;
            };
            if (a.kind() == AccountKind.PARTNER) {
                monthly *= 0.5;
            }
            for (Instant week = start; week.isBefore(now); week = days(week, 7)) {
                if (silentAfter != null && week.isAfter(silentAfter)) {
                    break;
                }
                int count = poisson(monthly / WEEKS_PER_MONTH);
                for (int i = 0; i < count; i++) {
                    ticket(workTime(uniform(week, days(week, 7))));
                }
            }
        }

        private void ticket(Instant at) {
            String ticketId = "ZD-" + number + "-" + pad(++tickets, 4);
            boolean detractor = profile == AccountProfile.DETRACTOR;
            Severity priority = severity(detractor ? 2 : 0);
            String subject = pick(DemoVocabulary.TICKET_SUBJECTS, r);
            add(
                    at,
                    id -> new Interactions.SupportTicketOpened(
                            id, a.accountId(), at, "zendesk", ticketId, priority, subject));
            double typical = switch (priority) {
                case CRITICAL -> 4;
                case HIGH -> 12;
                case MEDIUM -> 36;
                case LOW -> 72;
            };
            double hours = typical * Math.exp(0.6 * r.nextGaussian()) * (detractor ? 1.8 : 1.0);
            double rounded = Math.max(0.1, Math.round(hours * 10) / 10.0);
            Instant resolvedAt = at.plusSeconds(Math.round(rounded * 3600));
            add(
                    resolvedAt,
                    id -> new Interactions.SupportTicketResolved(
                            id, a.accountId(), resolvedAt, "zendesk", ticketId, rounded));
            if (r.nextInt(100) < 30) {
                Instant answeredAt = resolvedAt.plusSeconds(r.nextLong(3600, 24 * 3600));
                int score = csat(progress(answeredAt));
                Contact contact = pick(a.contacts(), r);
                add(
                        answeredAt,
                        id -> new Interactions.SurveyResponse(
                                id, a.accountId(), answeredAt, "zendesk", SurveyKind.CSAT, score, contact, null));
            }
        }

        // Quarterly NPS survey; detractors answer more often than the rest.
        private void surveys() {
            int responseRate = profile == AccountProfile.DETRACTOR ? 85 : 60;
            for (int quarter = 0; ; quarter++) {
                Instant at = workTime(days(start, quarter * 91 + r.nextDouble(20, 80)));
                if (at.isAfter(now) || (churnAt != null && at.isAfter(churnAt))) {
                    return;
                }
                if (r.nextInt(100) >= responseRate) {
                    continue;
                }
                int score = nps(progress(at));
                Contact contact = pick(a.contacts(), r);
                String comment = score <= 6 && r.nextBoolean()
                        ? pick(DemoVocabulary.DETRACTOR_COMMENTS, r)
                        : score >= 9 && r.nextBoolean() ? pick(DemoVocabulary.PROMOTER_COMMENTS, r) : null;
                add(
                        at,
                        id -> new Interactions.SurveyResponse(
                                id, a.accountId(), at, "qualtrics", SurveyKind.NPS, score, contact, comment));
            }
        }

        private int nps(double f) {
            return switch (profile) {
                case GROWING -> weighted(new int[] {7, 8, 9, 10}, new int[] {5, 25, 35, 35});
                case EXPANSION_CANDIDATE -> weighted(new int[] {8, 9, 10}, new int[] {5, 40, 55});
                case STEADY -> r.nextInt(6, 10);
                case LATE_PAYER -> r.nextInt(5, 10);
                case DECLINING -> Math.max(0, r.nextInt(4, 9) - (int) Math.round(2 * f));
                case CHURNING -> r.nextInt(1, 7);
                case DETRACTOR -> r.nextInt(100) < 85 ? r.nextInt(0, 7) : r.nextInt(7, 9);
                case NEW_PROSPECT -> r.nextInt(6, 10);
            };
        }

        private int csat(double f) {
            int nps = nps(f);
            int score = nps <= 3 ? 1 : nps <= 5 ? 2 : nps <= 7 ? 3 : nps <= 8 ? 4 : 5;
            return Math.max(1, Math.min(5, score + (r.nextInt(10) == 0 ? (r.nextBoolean() ? 1 : -1) : 0)));
        }

        private int weighted(int[] values, int[] weights) {
            int roll = r.nextInt(100);
            for (int i = 0; i < values.length; i++) {
                roll -= weights[i];
                if (roll < 0) {
                    return values[i];
                }
            }
            return values[values.length - 1];
        }

        /** A severity; {@code worse} of 1 or 2 shifts the odds towards high and critical. */
        private Severity severity(int worse) {
            int roll = r.nextInt(100) + 12 * worse;
            return roll < 40
                    ? Severity.LOW
                    : roll < 75 ? Severity.MEDIUM : roll < 93 ? Severity.HIGH : Severity.CRITICAL;
        }

        // ------------------------------------------------------------ time

        private void add(Instant at, Function<String, RapportEvent> build) {
            drafts.add(new Draft(at, build));
        }

        /** Share of the account's history elapsed at {@code t}, 0 at the start and 1 at now. */
        private double progress(Instant t) {
            double f = Duration.between(start, t).getSeconds() / spanSeconds;
            return Math.max(0, Math.min(1, f));
        }

        /** A time during office hours (08:00–18:00 in the account's region) on {@code t}'s working day. */
        private Instant workTime(Instant t) {
            LocalDate day = t.atOffset(zone).toLocalDate();
            if (day.getDayOfWeek() == DayOfWeek.SATURDAY) {
                day = day.plusDays(2);
            } else if (day.getDayOfWeek() == DayOfWeek.SUNDAY) {
                day = day.plusDays(1);
            }
            return day.atStartOfDay().plusMinutes(r.nextInt(8 * 60, 18 * 60)).toInstant(zone);
        }

        private Instant startOfDay(LocalDate day) {
            return day.atStartOfDay().toInstant(zone);
        }

        private LocalDate date(Instant t) {
            return t.atOffset(zone).toLocalDate();
        }

        private Instant uniform(Instant from, Instant to) {
            long seconds = Duration.between(from, to).getSeconds();
            return seconds <= 0 ? from : from.plusSeconds(r.nextLong(seconds));
        }

        private int poisson(double lambda) {
            if (lambda <= 0) {
                return 0;
            }
            double limit = Math.exp(-lambda);
            double product = 1;
            int count = -1;
            do {
                count++;
                product *= r.nextDouble();
            } while (product > limit);
            return count;
        }
    }

    private static Instant startOfDayUtc(LocalDate day) {
        return day.atStartOfDay().toInstant(ZoneOffset.UTC);
    }

    private static Instant days(Instant t, double days) {
        return t.plusSeconds(Math.round(days * DAY_SECONDS));
    }

    private static BigDecimal money(double amount) {
        return BigDecimal.valueOf(Math.max(0.01, amount)).setScale(2, RoundingMode.HALF_UP);
    }

    private static String pad(int value, int width) {
        String digits = Integer.toString(value);
        return digits.length() >= width ? digits : "0".repeat(width - digits.length()) + digits;
    }

    /** SplitMix64's finaliser over seed, account and stream: independent streams per account. */
    private static long mix(long seed, long index, long stream) {
        long z = seed * 0x9E3779B97F4A7C15L + index * 0xBF58476D1CE4E5B9L + stream * 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
