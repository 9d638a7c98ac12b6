package io.rapport.benchmarks.alerts;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.WriteModel;
import io.rapport.benchmarks.BenchmarkEnvironment;
import io.rapport.benchmarks.ResultTable;
import io.rapport.common.event.AccountEvent;
import io.rapport.common.event.AccountKind;
import io.rapport.common.event.Contact;
import io.rapport.common.event.Interactions;
import io.rapport.common.event.LifecycleStage;
import io.rapport.common.event.RapportEvent;
import io.rapport.common.event.ScoreBand;
import io.rapport.common.event.ScoreCause;
import io.rapport.common.event.ScoreChangedEvent;
import io.rapport.common.event.SurveyKind;
import io.rapport.common.json.RapportJson;
import io.rapport.common.kafka.Topics;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;

/**
 * {@code ./benchmark alerts --capacity}: how many events per second alert-service takes end to end when
 * a burst lands on the topics it consumes. Score changes and survey answers of many accounts are written
 * straight onto {@code rapport.scores.v1} and {@code rapport.interactions.v1} as fast as the producer
 * goes; most leave every rule quiet, a share ({@code --firing-percent}) fires alerts (score below 40 and a
 * band change to at_risk, or a detractor NPS), and the next quiet event of that account resolves them
 * again. The figure is events / time until alert-service committed the last record. Reference in the
 * same run: a bare store pipeline (consume → parse → group by account → one bulk upsert per poll).
 */
final class AlertsCapacity {
    private static final String DATABASE = "rapport_alert";

    private final BenchmarkEnvironment env;
    private final int accounts;
    private final int events;
    private final double firingShare;
    private final double surveyShare;
    private final Random random = new Random(42);
    private final Instant now = Instant.now();

    AlertsCapacity(BenchmarkEnvironment env, int accounts, int events, double firingPercent, double surveyPercent) {
        this.env = env;
        this.accounts = accounts;
        this.events = events;
        this.firingShare = firingPercent / 100;
        this.surveyShare = surveyPercent / 100;
    }

    /** The figures of one run. */
    record Result(
            long events,
            double seconds,
            long alertsOpened,
            long notifications,
            double drainSeconds,
            double bareStore,
            String loadBefore,
            String loadAfter) {
        double eventsPerSecond() {
            return events / seconds;
        }
    }

    /** Creates the accounts and waits until alert-service has read them (before the clock starts). */
    void preloadAccounts() throws Exception {
        try (KafkaProducer<String, String> producer = producer()) {
            for (int i = 0; i < accounts; i++) {
                String id = account(i);
                send(
                        producer,
                        Topics.ACCOUNTS,
                        new AccountEvent(
                                "cap-account-" + id,
                                id,
                                now.minus(Duration.ofDays(400)),
                                "salesforce",
                                "Capacity Customer " + id,
                                AccountKind.CUSTOMER,
                                "logistics",
                                "EMEA",
                                "core",
                                "enterprise-north",
                                List.of(new Contact(
                                        "ct-" + id, "Ingrid Halvorsen", "ingrid@" + id + ".example.com", "CFO")),
                                List.of()));
            }
            producer.flush();
        }
        awaitCommitted(Map.of(Topics.ACCOUNTS, (long) accounts), Duration.ofMinutes(5));
    }

    /** Sends the burst, waits until alert-service committed all of it, then until the outbox drained. */
    Result run(WebhookReceiver receiver, String loadBefore) throws Exception {
        long scores = 0;
        long surveys = 0;
        long[] revision = new long[accounts];
        double[] previous = new double[accounts];
        boolean[] firing = new boolean[accounts];
        long start = System.nanoTime();
        try (KafkaProducer<String, String> producer = producer()) {
            for (int n = 0; n < events; n++) {
                int a = random.nextInt(accounts);
                String id = account(a);
                // An account with firing alerts gets a quiet event next, which resolves them.
                boolean fire = !firing[a] && random.nextDouble() < firingShare;
                firing[a] = fire;
                if (random.nextDouble() < surveyShare) {
                    send(producer, Topics.INTERACTIONS, survey(id, n, fire ? 3 : 9));
                    surveys++;
                } else {
                    double score = fire ? 30 + random.nextInt(8) : 70 + random.nextInt(20);
                    send(producer, Topics.SCORES, score(id, ++revision[a], score, previous[a]));
                    previous[a] = score;
                    scores++;
                }
            }
            producer.flush();
        }
        awaitCommitted(Map.of(Topics.SCORES, scores, Topics.INTERACTIONS, surveys), Duration.ofMinutes(30));
        double seconds = (System.nanoTime() - start) / 1e9;
        long alertsOpened;
        double drain;
        try (MongoClient mongo = MongoClients.create(env.mongoConnectionString())) {
            MongoDatabase db = mongo.getDatabase(DATABASE);
            alertsOpened = db.getCollection("alerts").countDocuments();
            MongoCollection<Document> outbox = db.getCollection("notification_outbox");
            long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            while (outbox.countDocuments(Filters.in("status", List.of("pending", "sending"))) > 0
                    && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            drain = (System.nanoTime() - start) / 1e9;
            long later = db.getCollection("alerts").countDocuments();
            if (later != alertsOpened) {
                System.out.printf(
                        Locale.ROOT,
                        "note: %,d alerts when the last record was committed, %,d once the outbox drained%n",
                        alertsOpened,
                        later);
            }
        }
        String loadAfter = ResultTable.load();
        long dead = deadLettered();
        if (dead > 0) {
            System.out.printf(Locale.ROOT, "warning: %,d records were dead-lettered during the run%n", dead);
        }
        double bare = bareStorePipeline(scores + surveys);
        return new Result(
                scores + surveys, seconds, alertsOpened, receiver.posts(), drain, bare, loadBefore, loadAfter);
    }

    static void print(BenchmarkEnvironment.StoreBackend backend, int accounts, double firingPercent, Result r) {
        System.out.println();
        System.out.print(new ResultTable(
                        "store backend",
                        "accounts",
                        "events",
                        "firing share",
                        "service events/s",
                        "alerts opened",
                        "alerts opened/s",
                        "notifications (outbox drained after)",
                        "bare store pipeline events/s",
                        "service / bare",
                        "load before → after")
                .row(
                        backend,
                        String.format(Locale.ROOT, "%,d", accounts),
                        String.format(Locale.ROOT, "%,d", r.events()),
                        String.format(Locale.ROOT, "%.0f %%", firingPercent),
                        ResultTable.rate(r.eventsPerSecond()),
                        String.format(Locale.ROOT, "%,d", r.alertsOpened()),
                        ResultTable.rate(r.alertsOpened() / r.seconds()),
                        String.format(Locale.ROOT, "%,d (%.1f s)", r.notifications(), r.drainSeconds()),
                        ResultTable.rate(r.bareStore()),
                        String.format(Locale.ROOT, "%.3f", r.eventsPerSecond() / r.bareStore()),
                        r.loadBefore() + " → " + r.loadAfter())
                .render());
        System.out.printf(
                Locale.ROOT,
                "alert-service took %,d events in %.1f s: %,.0f events/s; %,d alerts opened (%,.1f/s)%n",
                r.events(),
                r.seconds(),
                r.eventsPerSecond(),
                r.alertsOpened(),
                r.alertsOpened() / r.seconds());
    }

    private static String account(int index) {
        return String.format(Locale.ROOT, "cap-acc-%06d", index);
    }

    private ScoreChangedEvent score(String account, long revision, double score, double previous) {
        ScoreBand band = score < 40 ? ScoreBand.AT_RISK : score < 60 ? ScoreBand.WATCH : ScoreBand.HEALTHY;
        Double previousScore = revision == 1 ? null : previous;
        ScoreBand previousBand = previousScore == null
                ? null
                : previousScore < 40 ? ScoreBand.AT_RISK : previousScore < 60 ? ScoreBand.WATCH : ScoreBand.HEALTHY;
        return new ScoreChangedEvent(
                "cap-score-" + account + "-r" + revision,
                account,
                now.plusMillis(revision),
                "scoring-service",
                revision,
                score,
                band,
                previousScore,
                previousBand,
                List.of(new ScoreChangedEvent.ComponentValue("value", score, previousScore, 1.0)),
                LifecycleStage.ACTIVE,
                null,
                new ScoreChangedEvent.ClvFigures(0.9, 5.8, 365, new BigDecimal("104300.00"), "EUR"),
                new ScoreChangedEvent.RfmScores(4, 4, 4),
                new ScoreChangedEvent.AccountSnapshot(
                        "Capacity Customer " + account,
                        AccountKind.CUSTOMER,
                        "logistics",
                        "EMEA",
                        "core",
                        "enterprise-north",
                        List.of()),
                Map.of("daysSinceLastTwoWayInteraction", 3.0, "maxDaysOverdue", 0.0, "lastNps", 8.0),
                ScoreCause.EVENT,
                null,
                "capacity-benchmark");
    }

    private Interactions.SurveyResponse survey(String account, int n, int nps) {
        return new Interactions.SurveyResponse(
                "cap-survey-" + account + "-" + n,
                account,
                now.plusMillis(n),
                "delighted",
                SurveyKind.NPS,
                nps,
                new Contact("ct-" + account, "Ingrid Halvorsen", "ingrid@" + account + ".example.com", "CFO"),
                nps <= 6 ? "Deliveries late three weeks in a row." : "Fine.");
    }

    private KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                env.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.LINGER_MS_CONFIG,
                5,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class));
    }

    private static void send(KafkaProducer<String, String> producer, String topic, RapportEvent event) {
        producer.send(new ProducerRecord<>(
                topic, event.accountId(), new String(RapportJson.toBytes(event), StandardCharsets.UTF_8)));
    }

    private static void send(KafkaProducer<String, String> producer, String topic, ScoreChangedEvent event) {
        producer.send(new ProducerRecord<>(
                topic, event.accountId(), new String(RapportJson.toBytes(event), StandardCharsets.UTF_8)));
    }

    private void awaitCommitted(Map<String, Long> records, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, env.bootstrapServers()))) {
            while (System.nanoTime() < deadline) {
                Map<String, Long> committed = new HashMap<>();
                Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets("alert-service")
                        .partitionsToOffsetAndMetadata()
                        .get();
                offsets.forEach((tp, o) -> {
                    if (o != null) committed.merge(tp.topic(), o.offset(), Long::sum);
                });
                if (records.entrySet().stream().allMatch(e -> committed.getOrDefault(e.getKey(), 0L) >= e.getValue())) {
                    return;
                }
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("alert-service did not consume " + records + " within " + timeout);
    }

    /** Records on the dead-letter topic: a run that loses records to it is not a valid capacity figure. */
    private long deadLettered() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, env.bootstrapServers()))) {
            var partitions = admin.describeTopics(List.of(Topics.DEAD_LETTER))
                    .allTopicNames()
                    .get()
                    .get(Topics.DEAD_LETTER)
                    .partitions();
            Map<TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest = new HashMap<>();
            partitions.forEach(p -> latest.put(
                    new TopicPartition(Topics.DEAD_LETTER, p.partition()),
                    org.apache.kafka.clients.admin.OffsetSpec.latest()));
            return admin.listOffsets(latest).all().get().values().stream()
                    .mapToLong(o -> o.offset())
                    .sum();
        }
    }

    /** Consume the same records → parse → group by account → one bulk upsert per poll, on its own database. */
    private double bareStorePipeline(long total) throws Exception {
        try (MongoClient mongo = MongoClients.create(env.mongoConnectionString());
                KafkaConsumer<String, String> c = new KafkaConsumer<>(Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        env.bootstrapServers(),
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "bench-store-" + UUID.randomUUID(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest",
                        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                        StringDeserializer.class,
                        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                        StringDeserializer.class))) {
            c.subscribe(List.of(Topics.SCORES, Topics.INTERACTIONS));
            MongoDatabase database = mongo.getDatabase(
                    "bench_bare_" + UUID.randomUUID().toString().substring(0, 8));
            MongoCollection<Document> docs = database.getCollection("states");
            ReplaceOptions upsert = new ReplaceOptions().upsert(true);
            long n = 0;
            long start = System.nanoTime();
            while (n < total) {
                ConsumerRecords<String, String> records = c.poll(Duration.ofMillis(200));
                if (records.isEmpty()) continue;
                Map<String, String> byAccount = new HashMap<>();
                for (ConsumerRecord<String, String> r : records) {
                    var tree = RapportJson.mapper().readTree(r.value());
                    byAccount.put(tree.path("accountId").asText(), r.value());
                }
                List<WriteModel<Document>> writes = new ArrayList<>(byAccount.size());
                byAccount.forEach((id, last) -> writes.add(new ReplaceOneModel<>(
                        Filters.eq("_id", id), new Document("_id", id).append("last", last), upsert)));
                docs.bulkWrite(writes, new BulkWriteOptions().ordered(false));
                n += records.count();
            }
            double rate = total / ((System.nanoTime() - start) / 1e9);
            database.drop();
            return rate;
        }
    }
}
