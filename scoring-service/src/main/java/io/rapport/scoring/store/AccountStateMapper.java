package io.rapport.scoring.store;

import io.rapport.common.event.AccountKind;
import io.rapport.common.event.Severity;
import io.rapport.common.event.SurveyKind;
import io.rapport.scoring.domain.AccountState;
import io.rapport.scoring.domain.AccountState.Amount;
import io.rapport.scoring.domain.AccountState.DailySignals;
import io.rapport.scoring.domain.AccountState.Signal;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.bson.BsonBinaryReader;
import org.bson.BsonBinaryWriter;
import org.bson.Document;
import org.bson.codecs.DecoderContext;
import org.bson.codecs.DocumentCodec;
import org.bson.codecs.EncoderContext;
import org.bson.io.BasicOutputBuffer;
import org.bson.types.Binary;

/**
 * Maps an {@link AccountState} to the fields of its {@code account_states} document and back, exactly:
 * money as decimal strings (scale kept, so the state read back {@code equals} the one written), instants
 * as ISO-8601 strings (nanoseconds kept), days as {@code yyyy-MM-dd}. Maps keyed by business or event ids
 * (which may contain {@code .} or {@code $}) are written as arrays of sub-documents with an {@code id}
 * field, never as document keys; only enum names are used as keys.
 */
public final class AccountStateMapper {
    private static final DocumentCodec CODEC = new DocumentCodec();

    private AccountStateMapper() {}

    /** The state's fields, to be merged into the stored document. */
    public static Document toDocument(AccountState s) {
        Document d = new Document();
        d.put("accountId", s.accountId());
        if (s.profile() != null) d.put("profile", profile(s.profile()));
        List<Document> days = new ArrayList<>(s.days().size());
        s.days().forEach((day, sig) -> days.add(day(day, sig)));
        d.put("days", days);
        d.put(
                "surveys",
                entries(
                        s.surveys(),
                        v -> new Document("at", str(v.occurredAt()))
                                .append("kind", v.kind().name())
                                .append("score", v.score())
                                .append("contactId", v.contactId())));
        d.put(
                "invoices",
                entries(
                        s.invoices(),
                        v -> new Document("eventId", v.eventId())
                                .append("issuedAt", str(v.issuedAt()))
                                .append("amount", str(v.amount()))
                                .append("currency", v.currency())
                                .append("dueDate", str(v.dueDate()))));
        d.put(
                "payments",
                entries(
                        s.payments(),
                        v -> new Document("receivedAt", str(v.receivedAt()))
                                .append("invoiceId", v.invoiceId())
                                .append("amount", str(v.amount()))));
        d.put(
                "contracts",
                entries(
                        s.contracts(),
                        v -> new Document("eventId", v.eventId())
                                .append("signedAt", str(v.signedAt()))
                                .append("amount", str(v.amount()))
                                .append("startDate", str(v.startDate()))
                                .append("endDate", str(v.endDate()))));
        d.put(
                "renewals",
                entries(
                        s.renewals(),
                        v -> new Document("eventId", v.eventId())
                                .append("at", str(v.occurredAt()))
                                .append("amount", str(v.amount()))
                                .append("renewalDate", str(v.renewalDate()))));
        d.put("ticketsOpened", entries(s.ticketsOpened(), AccountStateMapper::ticket));
        d.put("ticketsResolved", entries(s.ticketsResolved(), AccountStateMapper::ticket));
        d.put("currencies", new ArrayList<>(s.currencies()));
        d.put("firstCommitmentAt", str(s.firstCommitmentAt()));
        d.put("lastTransactionAt", str(s.lastTransactionAt()));
        d.put("lastTwoWayInteractionAt", str(s.lastTwoWayInteractionAt()));
        List<Document> applied = new ArrayList<>(s.appliedEventIds().size());
        s.appliedEventIds()
                .forEach((day, ids) ->
                        applied.add(new Document("day", day.toString()).append("ids", new ArrayList<>(ids))));
        d.put("appliedEventIds", applied);
        return d;
    }

    /**
     * The state as one BSON value: {@link #toDocument} encoded as BSON bytes, the second stored layout (the
     * current one is {@link PackedAccountState}); kept to write that layout in tests of reading it.
     */
    public static Binary toBinary(AccountState s) {
        BasicOutputBuffer out = new BasicOutputBuffer();
        CODEC.encode(
                new BsonBinaryWriter(out),
                toDocument(s),
                EncoderContext.builder().build());
        return new Binary(out.toByteArray());
    }

    /** Rebuilds the state from {@link #toBinary}'s value. */
    public static AccountState fromBinary(Binary b) {
        try (BsonBinaryReader reader = new BsonBinaryReader(ByteBuffer.wrap(b.getData()))) {
            return toDomain(CODEC.decode(reader, DecoderContext.builder().build()));
        }
    }

    /** Rebuilds the state from a stored document. */
    public static AccountState toDomain(Document d) {
        String accountId = d.getString("accountId");
        Document p = d.get("profile", Document.class);
        AccountState.AccountProfile profile = p == null
                ? null
                : new AccountState.AccountProfile(
                        p.getString("eventId"),
                        instant(p.getString("at")),
                        p.getString("name"),
                        AccountKind.valueOf(p.getString("kind")),
                        p.getString("industry"),
                        p.getString("region"),
                        p.getString("tier"),
                        p.getString("owningTeam"),
                        p.getList("contactIds", String.class),
                        p.getList("tags", String.class));
        TreeMap<LocalDate, DailySignals> days = new TreeMap<>();
        for (Document day : list(d, "days")) {
            EnumMap<Signal, Long> counts = new EnumMap<>(Signal.class);
            Document c = day.get("counts", Document.class);
            if (c != null) c.forEach((k, v) -> counts.put(Signal.valueOf(k), ((Number) v).longValue()));
            EnumMap<Amount, BigDecimal> amounts = new EnumMap<>(Amount.class);
            Document a = day.get("amounts", Document.class);
            if (a != null) a.forEach((k, v) -> amounts.put(Amount.valueOf(k), new BigDecimal((String) v)));
            TreeMap<String, BigDecimal> usage = new TreeMap<>();
            for (Document u : list(day, "usage")) usage.put(u.getString("metric"), dec(u.getString("quantity")));
            List<String> contacts = day.getList("contacts", String.class, List.of());
            days.put(
                    LocalDate.parse(day.getString("day")),
                    new DailySignals(counts, amounts, new TreeSet<>(contacts), usage));
        }
        Map<String, AccountState.Survey> surveys = byId(
                d,
                "surveys",
                v -> new AccountState.Survey(
                        instant(v.getString("at")),
                        SurveyKind.valueOf(v.getString("kind")),
                        v.getInteger("score"),
                        v.getString("contactId")));
        Map<String, AccountState.Invoice> invoices = byId(
                d,
                "invoices",
                v -> new AccountState.Invoice(
                        v.getString("eventId"),
                        instant(v.getString("issuedAt")),
                        dec(v.getString("amount")),
                        v.getString("currency"),
                        date(v.getString("dueDate"))));
        Map<String, AccountState.Payment> payments = byId(
                d,
                "payments",
                v -> new AccountState.Payment(
                        instant(v.getString("receivedAt")), v.getString("invoiceId"), dec(v.getString("amount"))));
        Map<String, AccountState.Contract> contracts = byId(
                d,
                "contracts",
                v -> new AccountState.Contract(
                        v.getString("eventId"),
                        instant(v.getString("signedAt")),
                        dec(v.getString("amount")),
                        date(v.getString("startDate")),
                        date(v.getString("endDate"))));
        Map<String, AccountState.RenewalNotice> renewals = byId(
                d,
                "renewals",
                v -> new AccountState.RenewalNotice(
                        v.getString("eventId"),
                        instant(v.getString("at")),
                        dec(v.getString("amount")),
                        date(v.getString("renewalDate"))));
        Map<String, AccountState.TicketMark> opened = byId(d, "ticketsOpened", AccountStateMapper::ticket);
        Map<String, AccountState.TicketMark> resolved = byId(d, "ticketsResolved", AccountStateMapper::ticket);
        TreeMap<LocalDate, SortedSet<String>> applied = new TreeMap<>();
        for (Document a : list(d, "appliedEventIds")) {
            applied.put(LocalDate.parse(a.getString("day")), new TreeSet<>(a.getList("ids", String.class)));
        }
        return AccountState.of(
                accountId,
                profile,
                days,
                surveys,
                invoices,
                payments,
                contracts,
                renewals,
                opened,
                resolved,
                d.getList("currencies", String.class, List.of()),
                instant(d.getString("firstCommitmentAt")),
                instant(d.getString("lastTransactionAt")),
                instant(d.getString("lastTwoWayInteractionAt")),
                applied);
    }

    private static Document profile(AccountState.AccountProfile p) {
        return new Document("eventId", p.eventId())
                .append("at", str(p.occurredAt()))
                .append("name", p.name())
                .append("kind", p.kind().name())
                .append("industry", p.industry())
                .append("region", p.region())
                .append("tier", p.tier())
                .append("owningTeam", p.owningTeam())
                .append("contactIds", p.contactIds())
                .append("tags", p.tags());
    }

    private static Document day(LocalDate day, DailySignals s) {
        Document counts = new Document();
        s.counts().forEach((k, v) -> counts.put(k.name(), v));
        Document amounts = new Document();
        s.amounts().forEach((k, v) -> amounts.put(k.name(), v.toPlainString()));
        List<Document> usage = new ArrayList<>();
        s.usage().forEach((k, v) -> usage.add(new Document("metric", k).append("quantity", v.toPlainString())));
        Document d = new Document("day", day.toString()).append("counts", counts);
        if (!amounts.isEmpty()) d.append("amounts", amounts);
        if (!s.contactIds().isEmpty()) d.append("contacts", new ArrayList<>(s.contactIds()));
        if (!usage.isEmpty()) d.append("usage", usage);
        return d;
    }

    private static Document ticket(AccountState.TicketMark t) {
        return new Document("eventId", t.eventId())
                .append("at", str(t.occurredAt()))
                .append("priority", t.priority() == null ? null : t.priority().name());
    }

    private static AccountState.TicketMark ticket(Document v) {
        String priority = v.getString("priority");
        return new AccountState.TicketMark(
                v.getString("eventId"),
                instant(v.getString("at")),
                priority == null ? null : Severity.valueOf(priority));
    }

    private static <V> List<Document> entries(Map<String, V> m, Function<V, Document> f) {
        List<Document> out = new ArrayList<>(m.size());
        m.forEach((id, v) -> {
            Document doc = new Document("id", id);
            doc.putAll(f.apply(v));
            out.add(doc);
        });
        return out;
    }

    private static <V> Map<String, V> byId(Document d, String field, Function<Document, V> f) {
        TreeMap<String, V> m = new TreeMap<>();
        for (Document e : list(d, field)) m.put(e.getString("id"), f.apply(e));
        return m;
    }

    private static List<Document> list(Document d, String field) {
        return d.getList(field, Document.class, List.of());
    }

    // BigDecimal.toString would switch to exponent notation; the plain form keeps the exact value and scale.
    private static String str(BigDecimal v) {
        return v == null ? null : v.toPlainString();
    }

    private static BigDecimal dec(String s) {
        return s == null ? null : new BigDecimal(s);
    }

    private static String str(Instant t) {
        return t == null ? null : t.toString();
    }

    private static Instant instant(String s) {
        return s == null ? null : Instant.parse(s);
    }

    private static String str(LocalDate d) {
        return d == null ? null : d.toString();
    }

    private static LocalDate date(String s) {
        return s == null ? null : LocalDate.parse(s);
    }
}
