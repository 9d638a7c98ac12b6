package io.rapport.benchmarks.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertManyOptions;
import io.rapport.benchmarks.ApiKeys;
import io.rapport.benchmarks.BenchmarkEnvironment;
import io.rapport.benchmarks.DemoEvents;
import io.rapport.benchmarks.ResultTable;
import io.rapport.benchmarks.ServiceDefaults;
import io.rapport.benchmarks.StackOptions;
import io.rapport.common.event.RapportEvent;
import io.rapport.common.json.RapportJson;
import io.rapport.localstack.ServiceProcess;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.bson.Document;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./benchmark ingest}: accepted events/s of ingest-service fed NDJSON streams over HTTP, next to
 * two references measured in the same run on the same broker and store with the same records: (a) a
 * bare producer with the service's settings sending them as fast as it can, and (b) the bare ingest
 * pipeline: that producer plus the service's idempotency-key write, one bulk insert per batch of the
 * service's chunk size, each batch's acks awaited before its write as the service does.
 */
@Command(
        name = "ingest",
        mixinStandardHelpOptions = true,
        description = "ingest-service accepted events/s over NDJSON, next to a bare producer and a bare"
                + " producer + idempotency bulk write on the same broker and store.")
public final class IngestBenchmark implements Callable<Integer> {
    /** Warm-up events come from accounts far above the measured ones, so their event ids never collide. */
    private static final int WARMUP_FIRST_ACCOUNT = 50_001;

    private static final String BARE_DATABASE = "bench_ingest_bare";
    private static final double TARGET = 0.5;

    @Option(names = "--events", description = "Measured events (default ${DEFAULT-VALUE}).")
    int events = 100_000;

    @Option(names = "--warmup", description = "Warm-up events sent first through each path (default ${DEFAULT-VALUE}).")
    int warmup = 50_000;

    @Mixin
    StackOptions stack;

    @Option(
            names = "--streams",
            description = "Concurrent NDJSON requests, and worker threads of reference (b) (default ${DEFAULT-VALUE}).")
    int streams = 2;

    @Option(
            names = "--rounds",
            description = "Measured rounds, each with its own events; the best round of each path is"
                    + " reported (default ${DEFAULT-VALUE}).")
    int rounds = 2;

    @Override
    public Integer call() throws Exception {
        BenchmarkEnvironment.StoreBackend backend = stack.backend();
        String adminKey = ApiKeys.newAdminKey();
        Map<String, String> serviceEnv =
                Map.of(ApiKeys.BOOTSTRAP_ADMIN_KEY, adminKey, "KAFKA_PARTITIONS", String.valueOf(stack.partitions()));
        ServiceDefaults service = ServiceDefaults.of("ingest-service", serviceEnv);
        int chunk = service.getInt("rapport.ingest.ndjson-chunk-size");
        Duration retention = Duration.parse(service.get("rapport.ingest.idempotency-retention"));

        Instant now = Instant.now();
        // One list split into rounds: contiguous slices of the demo histories have disjoint event ids.
        Batch all = new Batch(DemoEvents.take(42, 1, events * rounds, now));
        List<Batch> measured = all.split(rounds);
        Batch warm = new Batch(DemoEvents.take(42, WARMUP_FIRST_ACCOUNT, warmup, now));
        double bytesPerEvent = IngestRecords.meanValueBytes(all.records);
        System.out.printf(
                Locale.ROOT,
                "%,d demo events x %d round(s) (+%,d warm-up), mean record %.0f bytes; %d stream(s), chunk %,d,"
                        + " %d partition(s), store %s%nproducer: %s%nload average before: %s%n",
                events,
                rounds,
                warmup,
                bytesPerEvent,
                streams,
                chunk,
                stack.partitions(),
                backend,
                IngestRecords.describe(service),
                ResultTable.load());

        try (BenchmarkEnvironment env = stack.environment();
                KafkaProducer<String, byte[]> producer = IngestRecords.producer(env.bootstrapServers(), service);
                MongoClient mongo = MongoClients.create(env.mongoConnectionString())) {
            MongoCollection<Document> bareKeys =
                    mongo.getDatabase(BARE_DATABASE).getCollection("idempotency_keys");
            bareKeys.createIndex(
                    Indexes.ascending("expiresAt"),
                    new IndexOptions().name("expiresAt_ttl").expireAfter(0L, TimeUnit.SECONDS));
            ServiceProcess process = env.startService("ingest-service", serviceEnv, stack.heap());
            HttpClient http =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            String ingestKey = ApiKeys.create(http, process.baseUrl(), adminKey, "benchmark", "ingest");
            ExecutorService workers = Executors.newFixedThreadPool(streams);
            double raw = 0;
            double bare = 0;
            double serviceRate = 0;
            try {
                // Warm every path first: the broker and the store run in this JVM and get faster as
                // they are compiled, which would otherwise favour whichever path is measured last.
                sendAll(producer, warm.records);
                pipeline(workers, producer, bareKeys, chunk, retention, warm);
                stream(http, process.baseUrl(), ingestKey, warm);
                for (int round = 0; round < rounds; round++) {
                    Batch batch = measured.get(round);
                    double a = timed(batch, () -> sendAll(producer, batch.records));
                    double b = timed(batch, () -> pipeline(workers, producer, bareKeys, chunk, retention, batch));
                    double s = timed(batch, () -> stream(http, process.baseUrl(), ingestKey, batch));
                    System.out.printf(
                            Locale.ROOT,
                            "round %d: (a) bare producer %,.0f, (b) bare producer + idempotency write %,.0f,"
                                    + " ingest-service %,.0f events/s%n",
                            round + 1,
                            a,
                            b,
                            s);
                    raw = Math.max(raw, a);
                    bare = Math.max(bare, b);
                    serviceRate = Math.max(serviceRate, s);
                }
            } finally {
                workers.shutdownNow();
            }
            checkRemembered(env, warmup + (long) events * rounds);

            String loadAfter = ResultTable.load();
            System.out.println();
            System.out.print(new ResultTable(
                            "store backend",
                            "events (rounds)",
                            "bytes/event",
                            "service events/s",
                            "(a) producer events/s",
                            "(b) producer + idempotency events/s",
                            "service/(a)",
                            "service/(b)",
                            "target ≥ " + TARGET + " of (b)")
                    .row(
                            backend,
                            String.format(Locale.ROOT, "%,d x %d", events, rounds),
                            String.format(Locale.ROOT, "%.0f", bytesPerEvent),
                            ResultTable.rate(serviceRate),
                            ResultTable.rate(raw),
                            ResultTable.rate(bare),
                            String.format(Locale.ROOT, "%.3f", serviceRate / raw),
                            String.format(Locale.ROOT, "%.2f", serviceRate / bare),
                            serviceRate / bare >= TARGET ? "yes" : "no")
                    .render());
            System.out.printf(Locale.ROOT, "load average after: %s%n", loadAfter);
            return 0;
        }
    }

    /** The same events as producer records, and as NDJSON blocks of about 64 KB. */
    private static final class Batch {
        final List<RapportEvent> events;
        final List<ProducerRecord<String, byte[]>> records;

        Batch(List<RapportEvent> events) {
            this.events = events;
            this.records = events.stream().map(IngestRecords::record).toList();
        }

        List<Batch> split(int parts) {
            List<Batch> slices = new ArrayList<>(parts);
            int size = (events.size() + parts - 1) / parts;
            for (int from = 0; from < events.size(); from += size) {
                slices.add(new Batch(events.subList(from, Math.min(events.size(), from + size))));
            }
            return slices;
        }

        /** NDJSON lines grouped into blocks, so the client does not send one tiny chunk per event. */
        List<byte[]> ndjsonBlocks() {
            List<byte[]> blocks = new ArrayList<>();
            ByteArrayOutputStream block = new ByteArrayOutputStream(70_000);
            for (ProducerRecord<String, byte[]> record : records) {
                block.writeBytes(record.value());
                block.write('\n');
                if (block.size() >= 64 * 1024) {
                    blocks.add(block.toByteArray());
                    block.reset();
                }
            }
            if (block.size() > 0) {
                blocks.add(block.toByteArray());
            }
            return blocks;
        }
    }

    private interface Run {
        void run() throws Exception;
    }

    /** Events per second of one run over the batch. */
    private static double timed(Batch batch, Run run) throws Exception {
        long start = System.nanoTime();
        run.run();
        return batch.events.size() / ((System.nanoTime() - start) / 1e9);
    }

    private static void sendAll(KafkaProducer<String, byte[]> producer, List<ProducerRecord<String, byte[]>> records) {
        AtomicReference<Exception> failure = new AtomicReference<>();
        for (ProducerRecord<String, byte[]> record : records) {
            producer.send(record, (metadata, error) -> {
                if (error != null) {
                    failure.compareAndSet(null, error);
                }
            });
        }
        producer.flush();
        if (failure.get() != null) {
            throw new IllegalStateException("the broker refused a record", failure.get());
        }
    }

    /**
     * (b): per batch of {@code chunk} events, send all, await their acks, then one unordered bulk insert of
     * their idempotency keys into a collection shaped and indexed as the service's; {@code streams}
     * workers share one producer, as the service's request threads do.
     */
    private void pipeline(
            ExecutorService workers,
            KafkaProducer<String, byte[]> producer,
            MongoCollection<Document> keys,
            int chunk,
            Duration retention,
            Batch batch)
            throws Exception {
        List<Future<?>> running = new ArrayList<>();
        for (Batch slice : batch.split(streams)) {
            running.add(workers.submit(() -> {
                for (int from = 0; from < slice.events.size(); from += chunk) {
                    int to = Math.min(slice.events.size(), from + chunk);
                    List<Future<RecordMetadata>> acks = new ArrayList<>(to - from);
                    for (int i = from; i < to; i++) {
                        acks.add(producer.send(slice.records.get(i)));
                    }
                    for (Future<RecordMetadata> ack : acks) {
                        ack.get();
                    }
                    Instant acceptedAt = Instant.now();
                    Date accepted = Date.from(acceptedAt);
                    Date expires = Date.from(acceptedAt.plus(retention));
                    List<Document> documents = new ArrayList<>(to - from);
                    for (int i = from; i < to; i++) {
                        documents.add(IngestRecords.idempotencyKey(slice.events.get(i), accepted, expires));
                    }
                    keys.insertMany(documents, new InsertManyOptions().ordered(false));
                }
                return null;
            }));
        }
        for (Future<?> worker : running) {
            worker.get();
        }
    }

    /** Sends the batch as {@code streams} concurrent NDJSON requests and checks every event was accepted. */
    private void stream(HttpClient http, String baseUrl, String key, Batch batch) {
        AtomicLong accepted = new AtomicLong();
        List<CompletableFuture<Void>> requests = new ArrayList<>();
        for (Batch slice : batch.split(streams)) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/v1/events"))
                    .header("Authorization", "Bearer " + key)
                    .header("Content-Type", "application/x-ndjson")
                    .timeout(Duration.ofMinutes(30))
                    .POST(HttpRequest.BodyPublishers.ofByteArrays(slice.ndjsonBlocks()))
                    .build();
            requests.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                    .thenAccept(response -> {
                        if (response.statusCode() != 202) {
                            throw new IllegalStateException(
                                    "ingest answered " + response.statusCode() + ": " + response.body());
                        }
                        try {
                            JsonNode answer = RapportJson.mapper().readTree(response.body());
                            accepted.addAndGet(answer.path("accepted").asLong());
                        } catch (Exception e) {
                            throw new IllegalStateException("unreadable answer: " + response.body(), e);
                        }
                    }));
        }
        CompletableFuture.allOf(requests.toArray(CompletableFuture[]::new)).join();
        if (accepted.get() != batch.events.size()) {
            throw new IllegalStateException(
                    "ingest accepted " + accepted.get() + " of " + batch.events.size() + " events");
        }
    }

    private static void checkRemembered(BenchmarkEnvironment env, long expected) {
        try (MongoClient mongo = MongoClients.create(env.mongoConnectionString())) {
            long stored = mongo.getDatabase("rapport_ingest")
                    .getCollection("idempotency_keys")
                    .countDocuments();
            if (stored != expected) {
                throw new IllegalStateException(
                        "ingest-service stored " + stored + " idempotency keys, expected " + expected);
            }
        }
    }
}
