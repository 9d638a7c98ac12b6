package io.rapport.scoring.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.common.event.AccountKind;
import io.rapport.common.event.RapportEvent;
import io.rapport.scoring.domain.AccountState;
import io.rapport.scoring.domain.ComponentKind;
import io.rapport.scoring.domain.LifecycleStage;
import io.rapport.scoring.domain.RandomEventStreams;
import io.rapport.scoring.domain.ScoreBand;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.DocumentCodec;
import org.bson.types.Binary;
import org.junit.jupiter.api.Test;

/**
 * The state and history documents written straight to BSON bytes have exactly the fields and BSON types
 * the {@code Document} form had (what other readers of the collections, and older code, expect), and read
 * back to what was written.
 */
class RawDocumentsTest {
    static final Instant NOW = Instant.parse("2026-06-01T12:00:00.123456Z");

    @Test
    void theStateDocumentHasTheFieldsAndTypesOfTheDocumentFormAndReadsBack() {
        AccountState state = someState();
        PublishedScore published = published("{\"score\": 63.5, \"why\": \"é ✓\"}");
        StoredAccount account = new StoredAccount(state, published, 4);

        RawBsonDocument raw = AccountStateRepository.prepare(account, NOW).document();
        Document decoded = decode(raw);

        assertThat(decoded.keySet()).containsExactly("_id", "version", "updatedAt", "packedState", "packedPublished");
        assertThat(decoded.get("_id")).isEqualTo(state.accountId());
        assertThat(decoded.get("version")).isEqualTo(5L);
        assertThat(decoded.get("updatedAt")).isEqualTo(NOW.toString());
        assertThat(decoded.get("packedState", Binary.class).getData()).isEqualTo(PackedAccountState.pack(state));
        assertThat(PublishedScore.unpack(
                        decoded.get("packedPublished", Binary.class).getData()))
                .isEqualTo(published);

        StoredAccount back = AccountStateRepository.toStored(decoded);
        assertThat(back).isEqualTo(new StoredAccount(state, published, 5));
    }

    @Test
    void aPublishedScorePacksAndUnpacksWhateverItHolds() {
        Random random = new Random(5);
        for (int i = 0; i < 2_000; i++) {
            Map<ComponentKind, Double> components = new EnumMap<>(ComponentKind.class);
            Map<ComponentKind, Double> weights = new EnumMap<>(ComponentKind.class);
            for (ComponentKind k : ComponentKind.values()) {
                if (random.nextBoolean()) components.put(k, random.nextDouble() * 100);
                if (random.nextBoolean()) weights.put(k, random.nextDouble());
            }
            PublishedScore score = new PublishedScore(
                    random.nextInt(1_000_000),
                    Instant.ofEpochSecond(random.nextInt(2_000_000_000), random.nextInt(1_000_000_000)),
                    random.nextDouble() * 100,
                    ScoreBand.values()[random.nextInt(ScoreBand.values().length)],
                    LifecycleStage.values()[random.nextInt(LifecycleStage.values().length)],
                    AccountKind.values()[random.nextInt(AccountKind.values().length)],
                    components,
                    weights,
                    random.nextBoolean() ? null : text(random, 30),
                    random.nextInt(10) == 0 ? null : text(random, 3_000),
                    random.nextBoolean() ? null : text(random, 10));
            assertThat(PublishedScore.unpack(score.pack())).isEqualTo(score);
        }
        String big = "é".repeat(70_000); // over writeUTF's 64 KB
        PublishedScore large = new PublishedScore(
                1,
                NOW,
                1,
                ScoreBand.HEALTHY,
                LifecycleStage.ACTIVE,
                AccountKind.CUSTOMER,
                new EnumMap<>(ComponentKind.class),
                new EnumMap<>(ComponentKind.class),
                "e",
                big,
                null);
        assertThat(PublishedScore.unpack(large.pack()).eventJson()).isEqualTo(big);
    }

    @Test
    void aDocumentWithThePublishedScoreAsASubDocumentIsStillRead() {
        AccountState state = someState();
        Document legacy = new Document("_id", state.accountId())
                .append("version", 3L)
                .append("updatedAt", NOW.toString())
                .append("packedState", new Binary(PackedAccountState.pack(state)))
                .append(
                        "published",
                        new Document("revision", 7L)
                                .append("asOf", NOW.toString())
                                .append("score", 63.5)
                                .append("band", "WATCH")
                                .append("stage", "ACTIVE")
                                .append("kind", "SUPPLIER")
                                .append("components", wire(components(61.0, 70.25, 40.0, 80.0)))
                                .append("weights", wire(components(0.3, 0.3, 0.2, 0.2)))
                                .append("eventId", "acc-1#7")
                                .append("event", "{\"score\": 63.5}")
                                .append("clvModel", null));

        assertThat(AccountStateRepository.toStored(legacy))
                .isEqualTo(new StoredAccount(state, published("{\"score\": 63.5}"), 3));
    }

    /** Revision 7 of acc-1, a supplier on watch, with the given event. */
    private static PublishedScore published(String eventJson) {
        return new PublishedScore(
                7,
                NOW,
                63.5,
                ScoreBand.WATCH,
                LifecycleStage.ACTIVE,
                AccountKind.SUPPLIER,
                components(61.0, 70.25, 40.0, 80.0),
                components(0.3, 0.3, 0.2, 0.2),
                "acc-1#7",
                eventJson,
                null);
    }

    @Test
    void aStateWithoutAPublishedScoreHasNoPublishedField() {
        AccountState state = someState();
        Document decoded = decode(AccountStateRepository.prepare(new StoredAccount(state, null, 0), NOW)
                .document());
        assertThat(decoded.keySet()).containsExactly("_id", "version", "updatedAt", "packedState");
        assertThat(AccountStateRepository.toStored(decoded)).isEqualTo(new StoredAccount(state, null, 1));
    }

    @Test
    void aHistoryBucketHoldsItsRevisionsAsDocumentsAndReadsBack() {
        List<ScoreHistoryRepository.Entry> bucket = new ArrayList<>();
        for (String causing : Arrays.asList("evt-9", null)) {
            long revision = bucket.size() + 3;
            bucket.add(new ScoreHistoryRepository.Entry(
                    "score-acc-1-r" + revision,
                    "acc-1",
                    revision,
                    NOW.plusSeconds(revision).truncatedTo(ChronoUnit.MILLIS),
                    48.25,
                    "watch",
                    "at_risk",
                    components(10.0, 20.0, 30.5, 40.0),
                    "event",
                    causing,
                    List.of("score 52.00 -> 48.25", "band healthy -> watch")));
        }

        Document decoded = decode(ScoreHistoryRepository.toRaw(bucket));

        List<Document> entries = new ArrayList<>();
        for (ScoreHistoryRepository.Entry e : bucket) {
            entries.add(new Document("eventId", e.eventId())
                    .append("revision", e.revision())
                    .append("time", Date.from(e.time()))
                    .append("score", 48.25)
                    .append("band", "watch")
                    .append("stage", "at_risk")
                    .append("components", wire(components(10.0, 20.0, 30.5, 40.0)))
                    .append("cause", "event")
                    .append("causingEventId", e.causingEventId())
                    .append("reasons", List.of("score 52.00 -> 48.25", "band healthy -> watch")));
        }
        assertThat(decoded)
                .isEqualTo(new Document("_id", "acc-1:r3-r4")
                        .append("accountId", "acc-1")
                        .append("time", Date.from(bucket.get(1).time()))
                        .append("firstTime", Date.from(bucket.get(0).time()))
                        .append("firstRevision", 3L)
                        .append("lastRevision", 4L)
                        .append("entries", entries));
        assertThat(ScoreHistoryRepository.toEntries(decoded)).isEqualTo(bucket);
    }

    @Test
    void aHistoryDocumentOfOneRevisionFromEarlierVersionsIsStillRead() {
        Document legacy = new Document("_id", "score-acc-1-r3")
                .append("accountId", "acc-1")
                .append("revision", 3L)
                .append("time", Date.from(NOW))
                .append("score", 48.25)
                .append("band", "watch")
                .append("stage", "at_risk")
                .append("components", wire(components(10.0, 20.0, 30.5, 40.0)))
                .append("cause", "event")
                .append("causingEventId", null)
                .append("reasons", List.of("band healthy -> watch"));

        assertThat(ScoreHistoryRepository.toEntries(legacy))
                .containsExactly(new ScoreHistoryRepository.Entry(
                        "score-acc-1-r3",
                        "acc-1",
                        3,
                        Instant.parse("2026-06-01T12:00:00.123Z"),
                        48.25,
                        "watch",
                        "at_risk",
                        components(10.0, 20.0, 30.5, 40.0),
                        "event",
                        null,
                        List.of("band healthy -> watch")));
    }

    @Test
    void theStateDocumentCarriesItsRecentHistoryWhenThereIsAny() {
        AccountState state = someState();
        List<ScoreHistoryRepository.Entry> recent = List.of(
                RecentHistoryTest.entry(state.accountId(), 5, NOW.truncatedTo(ChronoUnit.MILLIS)),
                RecentHistoryTest.entry(state.accountId(), 6, NOW.plusSeconds(9).truncatedTo(ChronoUnit.MILLIS)));
        StoredAccount account = new StoredAccount(state, published("{}"), recent, 6);

        Document decoded = decode(AccountStateRepository.prepare(account, NOW).document());

        assertThat(decoded.keySet())
                .containsExactly(
                        "_id", "version", "updatedAt", "packedState", "packedPublished", "packedRecentHistory");
        assertThat(AccountStateRepository.toStored(decoded))
                .isEqualTo(new StoredAccount(state, published("{}"), recent, 7));
    }

    /** Random well-formed text: ASCII, two- and three-byte characters and supplementary code points. */
    static String text(Random random, int maxLength) {
        StringBuilder b = new StringBuilder();
        int n = random.nextInt(maxLength + 1);
        for (int i = 0; i < n; i++) {
            int cp = switch (random.nextInt(4)) {
                case 0 -> random.nextInt(0x80);
                case 1 -> 0x80 + random.nextInt(0x780);
                case 2 -> 0xE000 + random.nextInt(0x2000);
                default -> 0x10000 + random.nextInt(0x10000);
            };
            b.appendCodePoint(cp);
        }
        return b.toString();
    }

    private static AccountState someState() {
        Random random = new Random(11);
        List<RapportEvent> events = RandomEventStreams.randomEvents(random, 60);
        return RandomEventStreams.foldByAccount(events).values().iterator().next();
    }

    private static Map<ComponentKind, Double> components(
            double value, double engagement, double sentiment, double risk) {
        Map<ComponentKind, Double> c = new EnumMap<>(ComponentKind.class);
        c.put(ComponentKind.VALUE, value);
        c.put(ComponentKind.ENGAGEMENT, engagement);
        c.put(ComponentKind.SENTIMENT, sentiment);
        c.put(ComponentKind.RISK, risk);
        return c;
    }

    private static Document wire(Map<ComponentKind, Double> components) {
        Document d = new Document();
        components.forEach((k, v) -> d.append(k.wireName(), v));
        return d;
    }

    private static Document decode(RawBsonDocument raw) {
        return raw.decode(new DocumentCodec());
    }
}
