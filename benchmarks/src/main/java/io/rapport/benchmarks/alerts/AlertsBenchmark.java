package io.rapport.benchmarks.alerts;

import io.rapport.benchmarks.ApiKeys;
import io.rapport.benchmarks.BenchmarkEnvironment;
import io.rapport.benchmarks.ResultTable;
import io.rapport.benchmarks.ServiceDefaults;
import io.rapport.benchmarks.StackOptions;
import io.rapport.benchmarks.ingest.IngestRecords;
import io.rapport.common.event.AccountEvent;
import io.rapport.common.event.AccountKind;
import io.rapport.common.event.Contact;
import io.rapport.common.event.Interactions;
import io.rapport.common.event.RapportEvent;
import io.rapport.common.event.SurveyKind;
import io.rapport.common.json.RapportJson;
import io.rapport.common.kafka.Topics;
import io.rapport.localstack.ServiceProcess;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./benchmark alerts}: latency from a detractor survey's arrival at ingest-service (the moment the
 * HTTP request is sent) to the webhook receiver getting the alert-service notification it causes,
 * p50/p99 at a sustained rate of half the measured capacity of that path, with {@code group_wait: 0s};
 * next to Kafka's own end-to-end latency (a producer with ingest's settings to a plain consumer) on the
 * same broker at the same rate, in the same run.
 */
@Command(
        name = "alerts",
        mixinStandardHelpOptions = true,
        description = "Notification latency (ingest → webhook) p50/p99 at half capacity, next to Kafka's own"
                + " end-to-end latency on the same broker.")
public final class AlertsBenchmark implements Callable<Integer> {
    private static final String RULE = "detractor-survey";
    private static final String REFERENCE_TOPIC = "bench.end-to-end.v1";
    private static final long TARGET_P99_MS = 1000;

    @Mixin
    StackOptions stack;

    @Option(
            names = "--capacity-events",
            description =
                    "Alert-causing events offered at once to measure the path's capacity (default ${DEFAULT-VALUE}).")
    int capacityEvents = 2_000;

    @Option(
            names = "--rate",
            description = "Events/s of the sustained run; 0 = half the measured capacity (default ${DEFAULT-VALUE}).")
    double rate = 0;

    @Option(names = "--warmup-seconds", description = "Sustained rate before measuring (default ${DEFAULT-VALUE}).")
    int warmupSeconds = 10;

    @Option(names = "--seconds", description = "Measured seconds at the sustained rate (default ${DEFAULT-VALUE}).")
    int seconds = 60;

    @Option(
            names = "--alert-env",
            description = "Extra environment of alert-service, e.g. --alert-env RAPPORT_ALERTS_EVALUATION_EVERY=off"
                    + " to see what the scheduled time-based evaluation costs.")
    Map<String, String> alertEnv = new java.util.HashMap<>();

    @Option(
            names = "--capacity",
            description =
                    "Measure the alert path's capacity instead: a burst of --events score changes and survey"
                            + " answers written straight onto the topics alert-service consumes, next to a bare store pipeline.")
    boolean capacityMode;

    @Option(names = "--accounts", description = "Accounts of the --capacity burst (default ${DEFAULT-VALUE}).")
    int capacityAccounts = 2_000;

    @Option(names = "--events", description = "Events of the --capacity burst (default ${DEFAULT-VALUE}).")
    int burstEvents = 10_000;

    @Option(
            names = "--firing-percent",
            description = "Share of --capacity events that fire alerts (default ${DEFAULT-VALUE}).")
    double firingPercent = 10;

    @Option(
            names = "--survey-percent",
            description =
                    "Share of --capacity events that are survey answers, the rest scores (default ${DEFAULT-VALUE}).")
    double surveyPercent = 20;

    @Option(
            names = "--service-jvm-options",
            description = "Extra JVM options of alert-service (JAVA_TOOL_OPTIONS), e.g. to record a JFR profile.")
    String serviceJvmOptions = "";

    private final Instant now = Instant.now();
    private int nextAccount = 1;

    @Override
    public Integer call() throws Exception {
        BenchmarkEnvironment.StoreBackend backend = stack.backend();
        String loadBefore = ResultTable.load();
        if (capacityMode) {
            return capacity(backend, loadBefore);
        }
        System.out.printf(
                Locale.ROOT,
                "store %s, %d partition(s); load average before: %s%n",
                backend,
                stack.partitions(),
                loadBefore);
        try (BenchmarkEnvironment env = stack.environment();
                WebhookReceiver receiver = new WebhookReceiver(RULE).start()) {
            String adminKey = ApiKeys.newAdminKey();
            Map<String, String> ingestEnv = Map.of(
                    ApiKeys.BOOTSTRAP_ADMIN_KEY, adminKey, "KAFKA_PARTITIONS", String.valueOf(stack.partitions()));
            ServiceDefaults ingestDefaults = ServiceDefaults.of("ingest-service", ingestEnv);
            ServiceProcess ingest = env.startService("ingest-service", ingestEnv, stack.heap());
            ServiceProcess alerts = env.startService("alert-service", alertServiceEnvironment(receiver), stack.heap());
            HttpClient http =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            String key = ApiKeys.create(http, ingest.baseUrl(), adminKey, "benchmark", "ingest");
            Ingest client = new Ingest(http, ingest.baseUrl(), key);

            // Capacity: every survey offered at once (batches of 100), until the last notification arrived.
            List<String> capacityAccounts = accounts(env, client, capacityEvents);
            long start = System.nanoTime();
            for (int from = 0; from < capacityAccounts.size(); from += 100) {
                List<String> batch = capacityAccounts.subList(from, Math.min(capacityAccounts.size(), from + 100));
                client.postBatch(batch.stream().map(this::detractorSurvey).toList());
            }
            long last = awaitNotified(receiver, capacityAccounts, Duration.ofMinutes(3));
            double capacity = capacityEvents / ((last - start) / 1e9);
            double sustained = rate > 0 ? rate : capacity / 2;
            System.out.printf(
                    Locale.ROOT,
                    "capacity: %,d alert-causing events offered at once, all notified in %.1f s: %,.0f events/s;"
                            + " sustained rate %,.1f events/s%n",
                    capacityEvents,
                    (last - start) / 1e9,
                    capacity,
                    sustained);

            Histogram kafka = kafkaEndToEnd(env, ingestDefaults, sustained);
            System.out.printf(
                    Locale.ROOT,
                    "Kafka end to end at %,.1f/s: p50 %.1f ms, p99 %.1f ms%n",
                    sustained,
                    kafka.getValueAtPercentile(50) / 1e3,
                    kafka.getValueAtPercentile(99) / 1e3);

            int warmupCount = (int) Math.ceil(sustained * warmupSeconds);
            int measuredCount = (int) Math.ceil(sustained * seconds);
            List<String> warm = accounts(env, client, warmupCount);
            List<String> measured = accounts(env, client, measuredCount);
            Map<String, Long> sentAt = new LinkedHashMap<>();
            double behind = paced(sustained, warm, a -> client.postOne(detractorSurvey(a)), new LinkedHashMap<>());
            behind = Math.max(behind, paced(sustained, measured, a -> client.postOne(detractorSurvey(a)), sentAt));
            awaitNotified(receiver, measured, Duration.ofMinutes(5));
            Histogram latency = new Histogram(3);
            sentAt.forEach((account, sent) -> latency.recordValue((receiver.arrival(account) - sent) / 1_000));
            String loadAfter = ResultTable.load();

            System.out.println();
            System.out.print(new ResultTable(
                            "store backend",
                            "capacity events/s",
                            "sustained events/s",
                            "notifications",
                            "p50 ms",
                            "p99 ms",
                            "max ms",
                            "Kafka e2e p50 ms",
                            "Kafka e2e p99 ms",
                            "target p99 < 1 s")
                    .row(
                            backend,
                            ResultTable.rate(capacity),
                            String.format(Locale.ROOT, "%,.1f", sustained),
                            String.format(Locale.ROOT, "%,d in %d s", latency.getTotalCount(), seconds),
                            millis(latency, 50),
                            millis(latency, 99),
                            String.format(Locale.ROOT, "%.1f", latency.getMaxValue() / 1e3),
                            millis(kafka, 50),
                            millis(kafka, 99),
                            latency.getValueAtPercentile(99) < TARGET_P99_MS * 1000 ? "yes" : "no")
                    .render());
            System.out.printf(
                    Locale.ROOT,
                    "sender at most %.1f ms behind schedule; webhook posts received %,d; load average before %s,"
                            + " after %s%n",
                    behind / 1e6,
                    receiver.posts(),
                    loadBefore,
                    loadAfter);
            return 0;
        }
    }

    private int capacity(BenchmarkEnvironment.StoreBackend backend, String loadBefore) throws Exception {
        System.out.printf(
                Locale.ROOT,
                "capacity: store %s, %d partition(s), %,d accounts, %,d events, %.0f %% firing, %.0f %% surveys;"
                        + " load average before: %s%n",
                backend,
                stack.partitions(),
                capacityAccounts,
                burstEvents,
                firingPercent,
                surveyPercent,
                loadBefore);
        try (BenchmarkEnvironment env = stack.environment();
                WebhookReceiver receiver = new WebhookReceiver("score-below-40").start()) {
            env.startService("alert-service", alertServiceEnvironment(receiver), stack.heap());
            AlertsCapacity run = new AlertsCapacity(env, capacityAccounts, burstEvents, firingPercent, surveyPercent);
            run.preloadAccounts();
            AlertsCapacity.print(backend, capacityAccounts, firingPercent, run.run(receiver, ResultTable.load()));
            return 0;
        }
    }

    private Map<String, String> alertServiceEnvironment(WebhookReceiver receiver) throws Exception {
        Map<String, String> environment = new java.util.HashMap<>(alertEnv);
        environment.put("RAPPORT_ROUTING_FILE", routingFile(receiver.url()).toString());
        environment.put("KAFKA_PARTITIONS", String.valueOf(stack.partitions()));
        if (!serviceJvmOptions.isBlank()) {
            environment.put("JAVA_TOOL_OPTIONS", serviceJvmOptions);
        }
        if (!alertEnv.isEmpty()) {
            System.out.println("alert-service environment: " + alertEnv);
        }
        return environment;
    }

    private static String millis(Histogram h, double percentile) {
        return String.format(Locale.ROOT, "%.1f", h.getValueAtPercentile(percentile) / 1e3);
    }

    /** A routing tree with one webhook receiver in this JVM, grouped per account, {@code group_wait: 0s}. */
    private static Path routingFile(String url) throws Exception {
        Path file = Files.createTempFile("rapport-bench-routing", ".yml");
        Files.writeString(file, """
                route:
                  receiver: benchmark
                  group_by: [account]
                  group_wait: 0s
                  group_interval: 5m
                  repeat_interval: 4h
                receivers:
                  - name: benchmark
                    webhook_configs:
                      - url: '%s'
                        send_resolved: false
                """.formatted(url));
        file.toFile().deleteOnExit();
        return file;
    }

    /**
     * Creates {@code count} new customer accounts through ingest ({@code account_updated}, so the rule's
     * account kinds match) and waits until alert-service has read them all.
     */
    private List<String> accounts(BenchmarkEnvironment env, Ingest client, int count) throws Exception {
        List<String> ids = new ArrayList<>(count);
        List<RapportEvent> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String id = String.format(Locale.ROOT, "bench-acc-%06d", nextAccount++);
            ids.add(id);
            events.add(new AccountEvent(
                    "bench-account-" + id,
                    id,
                    now.minus(Duration.ofDays(400)),
                    "salesforce",
                    "Benchmark Customer " + id,
                    AccountKind.CUSTOMER,
                    "logistics",
                    "EMEA",
                    "core",
                    "enterprise-north",
                    List.of(new Contact("ct-" + id, "Ingrid Halvorsen", "ingrid@" + id + ".example.com", "CFO")),
                    List.of()));
        }
        client.postNdjson(events);
        awaitConsumed(env, "alert-service", Topics.ACCOUNTS, nextAccount - 1);
        return ids;
    }

    /** A detractor NPS answer (score 3) of the account: fires the shipped {@code detractor-survey} rule. */
    private RapportEvent detractorSurvey(String account) {
        return new Interactions.SurveyResponse(
                "bench-survey-" + account,
                account,
                Instant.now(),
                "delighted",
                SurveyKind.NPS,
                3,
                new Contact("ct-" + account, "Ingrid Halvorsen", "ingrid@" + account + ".example.com", "CFO"),
                "Deliveries late three weeks in a row; we are looking at other suppliers.");
    }

    private interface Send {
        void send(String account) throws Exception;
    }

    /**
     * Sends one event per account at a fixed rate, recording when each request was sent; returns how far
     * (ns) the sender fell behind its schedule at worst.
     */
    private static double paced(double perSecond, List<String> accounts, Send send, Map<String, Long> sentAt)
            throws Exception {
        long interval = (long) (1e9 / perSecond);
        long start = System.nanoTime();
        long worst = 0;
        for (int i = 0; i < accounts.size(); i++) {
            long due = start + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            long sent = System.nanoTime();
            worst = Math.max(worst, sent - due);
            sentAt.put(accounts.get(i), sent);
            send.send(accounts.get(i));
        }
        return worst;
    }

    private static long awaitNotified(WebhookReceiver receiver, List<String> accounts, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long last = 0;
        for (String account : accounts) {
            Long arrived;
            while ((arrived = receiver.arrival(account)) == null) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("no notification for " + account + " within " + timeout + " ("
                            + receiver.notifiedAccounts() + " accounts notified)");
                }
                Thread.sleep(5);
            }
            last = Math.max(last, arrived);
        }
        return last;
    }

    private static void awaitConsumed(BenchmarkEnvironment env, String group, String topic, long records)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, env.bootstrapServers()))) {
            while (System.nanoTime() < deadline) {
                long committed = 0;
                Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata()
                        .get();
                for (Map.Entry<TopicPartition, OffsetAndMetadata> e : offsets.entrySet()) {
                    if (e.getKey().topic().equals(topic) && e.getValue() != null) {
                        committed += e.getValue().offset();
                    }
                }
                if (committed >= records) {
                    return;
                }
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException(group + " did not consume " + records + " records of " + topic);
    }

    /**
     * Kafka's own end-to-end latency on the same broker: a producer with ingest's settings sends
     * survey-sized records at {@code perSecond} for {@link #seconds}/2 s (after a few seconds of warm-up)
     * and a plain consumer (alert-service's client defaults) records receive − send time.
     */
    private Histogram kafkaEndToEnd(BenchmarkEnvironment env, ServiceDefaults ingest, double perSecond)
            throws Exception {
        env.createTopics(List.of(REFERENCE_TOPIC), stack.partitions());
        byte[] payload = RapportJson.toBytes(detractorSurvey("bench-acc-reference"));
        Histogram histogram = new Histogram(3);
        AtomicBoolean recording = new AtomicBoolean(false);
        AtomicBoolean done = new AtomicBoolean(false);
        AtomicLong received = new AtomicLong();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        env.bootstrapServers(),
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "bench-end-to-end",
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "latest",
                        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                        StringDeserializer.class,
                        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                        ByteArrayDeserializer.class));
                KafkaProducer<String, byte[]> producer = IngestRecords.producer(env.bootstrapServers(), ingest)) {
            consumer.subscribe(List.of(REFERENCE_TOPIC));
            while (consumer.assignment().isEmpty()) {
                consumer.poll(Duration.ofMillis(100));
            }
            Thread polling = new Thread(() -> {
                try {
                    while (!done.get()) {
                        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                            long latency = System.nanoTime()
                                    - ByteBuffer.wrap(r.value()).getLong();
                            if (recording.get()) {
                                histogram.recordValue(latency / 1_000);
                            }
                            received.incrementAndGet();
                        }
                    }
                } catch (Throwable t) {
                    failures.add(t);
                }
            });
            polling.start();
            int warm = (int) Math.ceil(perSecond * 5);
            int count = (int) Math.ceil(perSecond * Math.max(10, seconds / 2));
            List<String> keys = new ArrayList<>(warm + count);
            for (int i = 0; i < warm + count; i++) {
                keys.add("bench-acc-" + i);
            }
            paced(perSecond, keys.subList(0, warm), k -> send(producer, k, payload), new LinkedHashMap<>());
            Thread.sleep(500);
            recording.set(true);
            paced(perSecond, keys.subList(warm, warm + count), k -> send(producer, k, payload), new LinkedHashMap<>());
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (received.get() < warm + count && System.nanoTime() < deadline && failures.isEmpty()) {
                Thread.sleep(10);
            }
            done.set(true);
            polling.join();
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("reference consumer failed", failures.peek());
        }
        return histogram;
    }

    private static void send(KafkaProducer<String, byte[]> producer, String key, byte[] payload) {
        byte[] value = payload.clone();
        ByteBuffer.wrap(value).putLong(System.nanoTime());
        producer.send(new ProducerRecord<>(REFERENCE_TOPIC, key, value));
    }

    /** ingest-service's HTTP API with an ingest key. */
    private record Ingest(HttpClient http, String baseUrl, String key) {
        void postOne(RapportEvent event) {
            http.sendAsync(
                            request("/v1/events", "application/json", RapportJson.toBytes(event)),
                            HttpResponse.BodyHandlers.ofString())
                    .thenAccept(Ingest::check);
        }

        void postBatch(List<RapportEvent> events) throws Exception {
            // Each event serialized on its own: a List<RapportEvent> written as a whole loses the type ids.
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            body.write('[');
            for (RapportEvent event : events) {
                if (body.size() > 1) {
                    body.write(',');
                }
                body.writeBytes(RapportJson.toBytes(event));
            }
            body.write(']');
            require(http.send(
                    request("/v1/events/batch", "application/json", body.toByteArray()),
                    HttpResponse.BodyHandlers.ofString()));
        }

        void postNdjson(List<RapportEvent> events) throws Exception {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            for (RapportEvent event : events) {
                body.writeBytes(RapportJson.toBytes(event));
                body.write('\n');
            }
            require(http.send(
                    request("/v1/events", "application/x-ndjson", body.toByteArray()),
                    HttpResponse.BodyHandlers.ofString()));
        }

        private HttpRequest request(String path, String contentType, byte[] body) {
            return HttpRequest.newBuilder(URI.create(baseUrl + path))
                    .header("Authorization", "Bearer " + key)
                    .header("Content-Type", contentType)
                    .timeout(Duration.ofMinutes(5))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build();
        }

        private static void require(HttpResponse<String> response) {
            if (response.statusCode() != 202 || !response.body().contains("\"rejected\":0")) {
                throw new IllegalStateException("ingest answered " + response.statusCode() + ": " + response.body());
            }
        }

        private static void check(HttpResponse<String> response) {
            if (response.statusCode() != 202) {
                System.err.println("ingest answered " + response.statusCode() + ": " + response.body());
            }
        }
    }
}
