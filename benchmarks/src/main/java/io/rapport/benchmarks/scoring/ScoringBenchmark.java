package io.rapport.benchmarks.scoring;

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
import io.rapport.common.event.RapportEvent;
import io.rapport.common.json.RapportJson;
import io.rapport.common.kafka.Topics;
import io.rapport.localstack.ServiceProcess;
import io.rapport.localstack.demo.DemoDataGenerator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.types.Binary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * End-to-end throughput of scoring-service (consume → state in MongoDB → score published) next to two
 * references measured in the same run on the same broker and store: a bare {@code KafkaConsumer} draining
 * the same topics, and a bare store pipeline (consume → parse → group by account → one bulk upsert per
 * poll of documents the size of the service's).
 */
@Command(
        name = "scoring",
        mixinStandardHelpOptions = true,
        description = "scoring-service events/s end to end, next to a bare consumer and a bare store pipeline.")
public final class ScoringBenchmark implements Callable<Integer> {
    private static final String SERVICE_DATABASE = "rapport_scoring";

    @Option(names = "--accounts", description = "Demo accounts to pre-load (default ${DEFAULT-VALUE}).")
    int accounts = 2_000;

    @Option(
            names = "--events-per-account",
            description = "Keep only each account's first N events (its opening account event first); 0 keeps the"
                    + " whole 18-month history, about 200 events (default ${DEFAULT-VALUE}).")
    int eventsPerAccount = 0;

    @Option(names = "--store", description = "Embedded store backend: memory or h2 (default ${DEFAULT-VALUE}).")
    String store = "memory";

    @Option(names = "--partitions", description = "Partitions per topic (default ${DEFAULT-VALUE}).")
    int partitions = 2;

    @Option(
            names = "--max-poll-records",
            description = "max.poll.records of the service and of both references (default ${DEFAULT-VALUE}).")
    int maxPollRecords = 1000;

    @Option(names = "--heap", description = "The service's -Xmx (default ${DEFAULT-VALUE}).")
    String heap = "512m";

    @Option(
            names = "--service-jvm-options",
            description = "Extra JVM options for the service (JAVA_TOOL_OPTIONS), e.g. to record a JFR profile.")
    String serviceJvmOptions = "";

    @Option(
            names = "--warmup-accounts",
            description = "Accounts (other than the measured ones, with the same number of events each) whose events"
                    + " come first on every topic: the steady-state rates count only the events after them, so the"
                    + " service's JIT compilation and start-up are not measured, nor the references' first polls"
                    + " (default: half of --accounts).")
    Integer warmupAccounts;

    @Option(names = "--timeout-minutes", description = "Give up after (default ${DEFAULT-VALUE}).")
    int timeoutMinutes = 30;

    /** The service's figures, printed with the references. */
    private record ServiceRun(
            double fromLaunch,
            double fromReady,
            double steady,
            double seconds,
            long states,
            long docSize,
            long heapAfterGc,
            double cpuMillisPer1000,
            double steadyCpuMillisPer1000) {}

    /** The events on the topics: the warm-up accounts' first, then the measured accounts'. */
    private record Loaded(long warmup, long total) {
        long measured() {
            return total - warmup;
        }
    }

    /**
     * A rate over the events after the warm-up: the clock starts when a consumer has passed the warm-up
     * events, and the events it had already passed beyond them are not counted.
     */
    private static final class SteadyClock {
        private final long warmup;
        private long startNanos = -1;
        private long startCount;

        SteadyClock(long warmup) {
            this.warmup = warmup;
        }

        /** Called with the consumer's progress; returns true the first time it passes the warm-up. */
        boolean observe(long consumed) {
            if (startNanos >= 0 || consumed < warmup) return false;
            startNanos = System.nanoTime();
            startCount = consumed;
            return true;
        }

        /** Events per second from the start to now, {@code consumed} being the progress now. */
        double rate(long consumed) {
            return counted(consumed) / ((System.nanoTime() - startNanos) / 1e9);
        }

        /** The events counted by the rate. */
        long counted(long consumed) {
            return consumed - startCount;
        }
    }

    @Override
    public Integer call() throws Exception {
        BenchmarkEnvironment.StoreBackend backend = store.equalsIgnoreCase("h2")
                ? BenchmarkEnvironment.StoreBackend.H2_FILE
                : BenchmarkEnvironment.StoreBackend.MEMORY;
        try (BenchmarkEnvironment env = new BenchmarkEnvironment(backend, partitions)) {
            Loaded loaded = preload(env);
            long events = loaded.total();
            System.out.printf(
                    Locale.ROOT,
                    "pre-loaded %,d events of %,d accounts after %,d warm-up events of %,d other accounts%n",
                    loaded.measured(),
                    accounts,
                    loaded.warmup(),
                    warmupAccounts());

            double bare = bareConsumer(env, loaded);
            System.out.printf(Locale.ROOT, "bare KafkaConsumer drain:      %,12.0f events/s%n", bare);

            ServiceRun run = runService(env, loaded);
            System.out.printf(
                    Locale.ROOT,
                    "scoring-service end to end:    %,12.0f events/s after the warm-up (%,.0f ms of service CPU per"
                            + " 1,000 events); all events: %,.0f events/s from launch (%.1f s), %,.0f from ready"
                            + " (%,.0f ms CPU per 1,000); %,d account states, mean document %,d bytes%n",
                    run.steady(),
                    run.steadyCpuMillisPer1000(),
                    run.fromLaunch(),
                    run.seconds(),
                    run.fromReady(),
                    run.cpuMillisPer1000(),
                    run.states(),
                    run.docSize());

            // The bulk of each reference document is one binary value, as the service's state is; the same
            // bytes as one string (the reference's first form) cost the store more, and are shown beside it.
            double bareStore = bareStorePipeline(env, loaded, new Binary(new byte[padding(run)]));
            System.out.printf(Locale.ROOT, "bare store pipeline:           %,12.0f events/s%n", bareStore);
            double bareStoreString = bareStorePipeline(env, loaded, "x".repeat(padding(run)));
            System.out.printf(Locale.ROOT, "bare store pipeline, string:   %,12.0f events/s%n", bareStoreString);
            printTable(backend, loaded, run, bare, bareStore, bareStoreString);
            return 0;
        }
    }

    private int warmupAccounts() {
        return warmupAccounts != null ? warmupAccounts : accounts / 2;
    }

    private ServiceRun runService(BenchmarkEnvironment env, Loaded loaded) throws Exception {
        long events = loaded.total();
        // The scheduler is off: the daily CLV refit starts one minute after launch and would rescore every
        // account in the middle of the measurement; this measures the event path alone.
        Map<String, String> serviceEnv = new HashMap<>(Map.of(
                "MONGODB_DATABASE",
                SERVICE_DATABASE,
                "SCORING_RECOMPUTE_INTERVAL",
                "24h",
                "QUARKUS_SCHEDULER_ENABLED",
                "false",
                "SCORING_MAX_POLL_RECORDS",
                Integer.toString(maxPollRecords)));
        if (!serviceJvmOptions.isBlank()) serviceEnv.put("JAVA_TOOL_OPTIONS", serviceJvmOptions);
        long start = System.nanoTime();
        ServiceProcess service =
                env.startService("scoring-service", serviceEnv, heap, ServiceProcess.Tuning.THROUGHPUT);
        long ready = System.nanoTime();
        Duration cpuAtReady = cpu(service);
        SteadyClock steady = new SteadyClock(loaded.warmup());
        Duration[] cpuAtSteady = {Duration.ZERO};
        waitForGroup(env, "scoring-service", events, committed -> {
            if (steady.observe(committed)) cpuAtSteady[0] = cpu(service);
        });
        long end = System.nanoTime();
        double steadyRate = steady.rate(events);
        Duration cpuAtEnd = cpu(service);
        Duration cpuUsed = cpuAtEnd.minus(cpuAtReady);
        double steadyCpu = cpuAtEnd.minus(cpuAtSteady[0]).toNanos() / 1e6 / (steady.counted(events) / 1000.0);
        long heapBytes = heapAfterGc(service);
        printBatches(service);
        long docSize;
        long states;
        try (MongoClient mongo = MongoClients.create(env.mongoConnectionString())) {
            MongoCollection<RawBsonDocument> c =
                    mongo.getDatabase(SERVICE_DATABASE).getCollection("account_states", RawBsonDocument.class);
            states = c.countDocuments();
            long total = 0;
            int n = 0;
            for (RawBsonDocument d : c.find().limit(500)) {
                total += d.getByteBuffer().remaining();
                n++;
            }
            docSize = n == 0 ? 1000 : total / n;
            // The bare store pipeline then runs on a store holding only its own documents, as the service did.
            mongo.getDatabase(SERVICE_DATABASE).drop();
        }
        return new ServiceRun(
                events / ((end - start) / 1e9),
                events / ((end - ready) / 1e9),
                steadyRate,
                (end - start) / 1e9,
                states,
                docSize,
                heapBytes,
                cpuUsed.toNanos() / 1e6 / (events / 1000.0),
                steadyCpu);
    }

    /**
     * CPU time the service's process has used (all its threads: consumers, workers, GC): beside the rates,
     * which depend on the share of the two cores the service gets, its cost per event.
     */
    private static Duration cpu(ServiceProcess service) {
        return serviceProcess().flatMap(p -> p.info().totalCpuDuration()).orElse(Duration.ZERO);
    }

    private static java.util.Optional<ProcessHandle> serviceProcess() {
        return ProcessHandle.current()
                .children()
                .filter(p -> p.info().commandLine().orElse("").contains("scoring-service"))
                .findFirst();
    }

    private void printTable(
            BenchmarkEnvironment.StoreBackend backend,
            Loaded loaded,
            ServiceRun run,
            double bare,
            double bareStore,
            double bareStoreString) {
        double ratio = run.steady() / bareStore;
        double ratioString = run.steady() / bareStoreString;
        System.out.println();
        System.out.println("| store backend | accounts (+ warm-up) | events measured (+ warm-up) | bytes/state doc"
                + " | service events/s after warm-up (CPU ms / 1,000 events) | service events/s, all events, from"
                + " launch; from ready | bare consumer events/s | bare store pipeline events/s (binary; string"
                + " padding) | service / bare consumer | service / bare store pipeline (binary; string)"
                + " | target >= 0.5 met (binary; string) | service heap after GC |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|");
        System.out.printf(
                Locale.ROOT,
                "| %s | %,d (+ %,d) | %,d (+ %,d) | %,d | %,.0f (%,.0f) | %,.0f; %,.0f | %,.0f | %,.0f; %,.0f | %.4f"
                        + " | %.3f; %.3f | %s; %s | %s |%n",
                backend == BenchmarkEnvironment.StoreBackend.MEMORY ? "memory" : "H2 file",
                accounts,
                warmupAccounts(),
                loaded.measured(),
                loaded.warmup(),
                run.docSize(),
                run.steady(),
                run.steadyCpuMillisPer1000(),
                run.fromLaunch(),
                run.fromReady(),
                bare,
                bareStore,
                bareStoreString,
                run.steady() / bare,
                ratio,
                ratioString,
                ratio >= 0.5 ? "yes" : "no",
                ratioString >= 0.5 ? "yes" : "no",
                run.heapAfterGc() < 0
                        ? "n/a"
                        : String.format(Locale.ROOT, "%.1f MB (-Xmx%s)", run.heapAfterGc() / 1e6, heap));
    }

    private Loaded preload(BenchmarkEnvironment env) {
        AtomicLong count = new AtomicLong();
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                env.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.LINGER_MS_CONFIG,
                20,
                ProducerConfig.BATCH_SIZE_CONFIG,
                256 * 1024,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            DemoDataGenerator generator = new DemoDataGenerator(42);
            Instant now = Instant.now();
            // The warm-up accounts (numbered after the measured ones) first, flushed, so that on every
            // partition all their events come before the measured accounts' events.
            send(producer, generator, now, accounts + 1, accounts + warmupAccounts(), count);
            producer.flush();
            long warmup = count.get();
            send(producer, generator, now, 1, accounts, count);
            producer.flush();
            return new Loaded(warmup, count.get());
        }
    }

    /** The events of accounts {@code from..to}, each cut to its first {@code --events-per-account}. */
    private void send(
            KafkaProducer<String, String> producer,
            DemoDataGenerator generator,
            Instant now,
            int from,
            int to,
            AtomicLong count) {
        for (int index = from; index <= to; index++) {
            if (eventsPerAccount == 1) {
                // Only the opening account event: generated without the history, so a million accounts
                // pre-load in seconds.
                send(producer, generator.opening(generator.account(index), now), count);
                continue;
            }
            List<RapportEvent> history = generator.history(generator.account(index), now);
            if (eventsPerAccount > 0 && history.size() > eventsPerAccount) {
                history = history.subList(0, eventsPerAccount);
            }
            for (RapportEvent e : history) send(producer, e, count);
        }
    }

    private static void send(KafkaProducer<String, String> producer, RapportEvent e, AtomicLong count) {
        producer.send(new ProducerRecord<>(
                e.type().topic(), e.accountId(), new String(RapportJson.toBytes(e), StandardCharsets.UTF_8)));
        count.incrementAndGet();
    }

    private KafkaConsumer<String, String> consumer(BenchmarkEnvironment env, String group) {
        KafkaConsumer<String, String> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                env.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                group,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                maxPollRecords,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class));
        c.subscribe(List.of(Topics.INTERACTIONS, Topics.TRANSACTIONS, Topics.ACCOUNTS));
        return c;
    }

    private double bareConsumer(BenchmarkEnvironment env, Loaded loaded) {
        try (KafkaConsumer<String, String> c = consumer(env, "bench-bare-" + UUID.randomUUID())) {
            SteadyClock steady = new SteadyClock(loaded.warmup());
            long n = 0;
            steady.observe(n);
            while (n < loaded.total()) {
                n += c.poll(Duration.ofMillis(200)).count();
                steady.observe(n);
            }
            return steady.rate(n);
        }
    }

    /**
     * Padding that brings a reference document to the service's mean document size: the other fields
     * ({@code _id}, {@code events}, {@code lastEventId}) and the BSON framing take about 90 bytes.
     */
    private static int padding(ServiceRun run) {
        return (int) Math.max(0, run.docSize() - 90);
    }

    /** Consume → parse → group by account → one bulk upsert per poll of documents carrying {@code padding}. */
    private double bareStorePipeline(BenchmarkEnvironment env, Loaded loaded, Object padding) throws Exception {
        try (MongoClient mongo = MongoClients.create(env.mongoConnectionString());
                KafkaConsumer<String, String> c = consumer(env, "bench-store-" + UUID.randomUUID())) {
            // A fresh database per reference, dropped after it: each runs on a store holding only its own data.
            MongoDatabase database = mongo.getDatabase(
                    "bench_bare_" + UUID.randomUUID().toString().substring(0, 8));
            MongoCollection<Document> docs = database.getCollection("states");
            SteadyClock steady = new SteadyClock(loaded.warmup());
            long n = 0;
            steady.observe(n);
            ReplaceOptions upsert = new ReplaceOptions().upsert(true);
            while (n < loaded.total()) {
                ConsumerRecords<String, String> records = c.poll(Duration.ofMillis(200));
                if (records.isEmpty()) continue;
                Map<String, Integer> byAccount = new HashMap<>();
                Map<String, String> lastEvent = new HashMap<>();
                for (ConsumerRecord<String, String> r : records) {
                    RapportEvent e = RapportJson.fromBytes(r.value().getBytes(StandardCharsets.UTF_8));
                    byAccount.merge(e.accountId(), 1, Integer::sum);
                    lastEvent.put(e.accountId(), e.eventId());
                }
                // The document records the last event applied, so a later poll's write of the same account
                // changes it, as the service's does: the store skips a replacement equal to the stored
                // document (no index or file work), and a reference whose second write of an account
                // repeated the first document (same count, same padding) cost the store nothing for it.
                List<WriteModel<Document>> writes = new ArrayList<>(byAccount.size());
                byAccount.forEach((id, count) -> writes.add(new ReplaceOneModel<>(
                        Filters.eq("_id", id),
                        new Document("_id", id)
                                .append("events", count)
                                .append("lastEventId", lastEvent.get(id))
                                .append("padding", padding),
                        upsert)));
                docs.bulkWrite(writes, new BulkWriteOptions().ordered(false));
                n += records.count();
                steady.observe(n);
            }
            double rate = steady.rate(n);
            database.drop();
            return rate;
        }
    }

    private void waitForGroup(
            BenchmarkEnvironment env, String group, long events, java.util.function.LongConsumer progress)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(timeoutMinutes).toNanos();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, env.bootstrapServers()))) {
            while (System.nanoTime() < deadline) {
                long committed = 0;
                Map<org.apache.kafka.common.TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(
                                group)
                        .partitionsToOffsetAndMetadata()
                        .get();
                for (OffsetAndMetadata o : offsets.values()) if (o != null) committed += o.offset();
                progress.accept(committed);
                if (committed >= events) return;
                Thread.sleep(20);
            }
        }
        throw new IllegalStateException("scoring-service did not consume " + events + " events in time");
    }

    /**
     * The service's used heap after a full GC ({@code jcmd <pid> GC.run}, then {@code
     * jvm_memory_used_bytes{area="heap"}}): what the service retains, independent of when the last
     * collection happened to run; -1 when the child JVM is not found.
     */
    /** How the service cut the stream: batches, scores published, write conflicts (from its metrics). */
    private static void printBatches(ServiceProcess service) throws Exception {
        String metrics = scrape(service);
        System.out.printf(
                Locale.ROOT,
                "service batches: %,.0f (%,.1f s in them), scores published: %,.0f, write conflicts: %,.0f%n",
                metric(metrics, "scoring_batch_seconds_count", ""),
                metric(metrics, "scoring_batch_seconds_sum", ""),
                metric(metrics, "scoring_scores_published_total", ""),
                metric(metrics, "scoring_write_conflicts_total", ""));
    }

    /** The service's Prometheus scrape. */
    private static String scrape(ServiceProcess service) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(service.baseUrl() + "/q/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    /** The sum of a metric's samples whose tags contain {@code tag} ("" for all) in a Prometheus scrape. */
    private static double metric(String scrape, String name, String tag) {
        double sum = 0;
        for (String line : scrape.split("\n")) {
            if ((line.startsWith(name + "{") || line.startsWith(name + " ")) && line.contains(tag)) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    private static long heapAfterGc(ServiceProcess service) throws Exception {
        ProcessHandle child = serviceProcess().orElse(null);
        if (child == null) return -1;
        Process jcmd = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                        Long.toString(child.pid()),
                        "GC.run")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!jcmd.waitFor(60, TimeUnit.SECONDS) || jcmd.exitValue() != 0) return -1;
        return (long) metric(scrape(service), "jvm_memory_used_bytes", "area=\"heap\"");
    }
}
