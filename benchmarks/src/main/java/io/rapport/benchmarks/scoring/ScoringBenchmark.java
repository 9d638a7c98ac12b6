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

    @Option(names = "--timeout-minutes", description = "Give up after (default ${DEFAULT-VALUE}).")
    int timeoutMinutes = 30;

    /** The service's figures, printed with the references. */
    private record ServiceRun(
            double fromLaunch,
            double fromReady,
            double seconds,
            long states,
            long docSize,
            long heapAfterGc,
            double cpuMillisPer1000) {}

    @Override
    public Integer call() throws Exception {
        BenchmarkEnvironment.StoreBackend backend = store.equalsIgnoreCase("h2")
                ? BenchmarkEnvironment.StoreBackend.H2_FILE
                : BenchmarkEnvironment.StoreBackend.MEMORY;
        try (BenchmarkEnvironment env = new BenchmarkEnvironment(backend, partitions)) {
            long events = preload(env);
            System.out.printf(Locale.ROOT, "pre-loaded %,d events of %,d accounts%n", events, accounts);

            double bare = bareConsumer(env, events);
            System.out.printf(Locale.ROOT, "bare KafkaConsumer drain:      %,12.0f events/s%n", bare);

            ServiceRun run = runService(env, events);
            System.out.printf(
                    Locale.ROOT,
                    "scoring-service end to end:    %,12.0f events/s (%.1f s from launch; %,.0f events/s from ready),"
                            + " %,.0f ms of service CPU per 1,000 events, %,d account states, mean document %,d bytes%n",
                    run.fromLaunch(),
                    run.seconds(),
                    run.fromReady(),
                    run.cpuMillisPer1000(),
                    run.states(),
                    run.docSize());

            // The bulk of each reference document is one binary value, as the service's state is; the same
            // bytes as one string (the reference's first form) cost the store more, and are shown beside it.
            double bareStore = bareStorePipeline(env, events, new Binary(new byte[padding(run)]));
            System.out.printf(Locale.ROOT, "bare store pipeline:           %,12.0f events/s%n", bareStore);
            double bareStoreString = bareStorePipeline(env, events, "x".repeat(padding(run)));
            System.out.printf(Locale.ROOT, "bare store pipeline, string:   %,12.0f events/s%n", bareStoreString);
            printTable(backend, events, run, bare, bareStore, bareStoreString);
            return 0;
        }
    }

    private ServiceRun runService(BenchmarkEnvironment env, long events) throws Exception {
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
        waitForGroup(env, "scoring-service", events);
        long end = System.nanoTime();
        Duration cpuUsed = cpu(service).minus(cpuAtReady);
        long heapBytes = heapAfterGc(service);
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
                (end - start) / 1e9,
                states,
                docSize,
                heapBytes,
                cpuUsed.toNanos() / 1e6 / (events / 1000.0));
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
            long events,
            ServiceRun run,
            double bare,
            double bareStore,
            double bareStoreString) {
        double ratioStore = run.fromLaunch() / bareStore;
        System.out.println();
        System.out.println("| store backend | accounts | events | bytes/state doc | service events/s (from launch;"
                + " from ready) | bare consumer events/s | bare store pipeline events/s (binary; string padding)"
                + " | service / bare consumer | service / bare store pipeline (binary; string) | target >= 0.5 met"
                + " (binary; string) | service heap after GC |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|");
        System.out.printf(
                Locale.ROOT,
                "| %s | %,d | %,d | %,d | %,.0f; %,.0f | %,.0f | %,.0f; %,.0f | %.4f | %.3f; %.3f (from ready %.3f; %.3f)"
                        + " | %s; %s | %s |%n",
                backend == BenchmarkEnvironment.StoreBackend.MEMORY ? "memory" : "H2 file",
                accounts,
                events,
                run.docSize(),
                run.fromLaunch(),
                run.fromReady(),
                bare,
                bareStore,
                bareStoreString,
                run.fromLaunch() / bare,
                ratioStore,
                run.fromLaunch() / bareStoreString,
                run.fromReady() / bareStore,
                run.fromReady() / bareStoreString,
                ratioStore >= 0.5 ? "yes" : "no",
                run.fromLaunch() / bareStoreString >= 0.5 ? "yes" : "no",
                run.heapAfterGc() < 0
                        ? "n/a"
                        : String.format(Locale.ROOT, "%.1f MB (-Xmx%s)", run.heapAfterGc() / 1e6, heap));
    }

    private long preload(BenchmarkEnvironment env) {
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
            if (eventsPerAccount == 1) {
                // Only the opening account events: generated without the histories, so a million accounts
                // pre-load in seconds.
                generator.accountEvents(accounts, now).forEach(e -> send(producer, e, count));
                producer.flush();
                return count.get();
            }
            for (int index = 1; index <= accounts; index++) {
                List<RapportEvent> history = generator.history(generator.account(index), now);
                if (eventsPerAccount > 0 && history.size() > eventsPerAccount) {
                    history = history.subList(0, eventsPerAccount);
                }
                for (RapportEvent e : history) send(producer, e, count);
            }
            producer.flush();
        }
        return count.get();
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

    private double bareConsumer(BenchmarkEnvironment env, long events) {
        try (KafkaConsumer<String, String> c = consumer(env, "bench-bare-" + UUID.randomUUID())) {
            long n = 0;
            long start = System.nanoTime();
            while (n < events) n += c.poll(Duration.ofMillis(200)).count();
            return events / ((System.nanoTime() - start) / 1e9);
        }
    }

    /** Padding that brings a reference document to the service's mean document size. */
    private static int padding(ServiceRun run) {
        return (int) Math.max(0, run.docSize() - 100);
    }

    /** Consume → parse → group by account → one bulk upsert per poll of documents carrying {@code padding}. */
    private double bareStorePipeline(BenchmarkEnvironment env, long events, Object padding) throws Exception {
        try (MongoClient mongo = MongoClients.create(env.mongoConnectionString());
                KafkaConsumer<String, String> c = consumer(env, "bench-store-" + UUID.randomUUID())) {
            // A fresh database per reference, dropped after it: each runs on a store holding only its own data.
            MongoDatabase database = mongo.getDatabase(
                    "bench_bare_" + UUID.randomUUID().toString().substring(0, 8));
            MongoCollection<Document> docs = database.getCollection("states");
            long n = 0;
            long start = System.nanoTime();
            ReplaceOptions upsert = new ReplaceOptions().upsert(true);
            while (n < events) {
                ConsumerRecords<String, String> records = c.poll(Duration.ofMillis(200));
                if (records.isEmpty()) continue;
                Map<String, Integer> byAccount = new HashMap<>();
                for (ConsumerRecord<String, String> r : records) {
                    RapportEvent e = RapportJson.fromBytes(r.value().getBytes(StandardCharsets.UTF_8));
                    byAccount.merge(e.accountId(), 1, Integer::sum);
                }
                List<WriteModel<Document>> writes = new ArrayList<>(byAccount.size());
                byAccount.forEach((id, count) -> writes.add(new ReplaceOneModel<>(
                        Filters.eq("_id", id),
                        new Document("_id", id).append("events", count).append("padding", padding),
                        upsert)));
                docs.bulkWrite(writes, new BulkWriteOptions().ordered(false));
                n += records.count();
            }
            double rate = events / ((System.nanoTime() - start) / 1e9);
            database.drop();
            return rate;
        }
    }

    private void waitForGroup(BenchmarkEnvironment env, String group, long events) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(timeoutMinutes).toNanos();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, env.bootstrapServers()))) {
            while (System.nanoTime() < deadline) {
                long committed = 0;
                Map<org.apache.kafka.common.TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(
                                group)
                        .partitionsToOffsetAndMetadata()
                        .get();
                for (OffsetAndMetadata o : offsets.values()) if (o != null) committed += o.offset();
                if (committed >= events) return;
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("scoring-service did not consume " + events + " events in time");
    }

    /**
     * The service's used heap after a full GC ({@code jcmd <pid> GC.run}, then {@code
     * jvm_memory_used_bytes{area="heap"}}): what the service retains, independent of when the last
     * collection happened to run; -1 when the child JVM is not found.
     */
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
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(service.baseUrl() + "/q/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        double sum = 0;
        for (String line : r.body().split("\n")) {
            if (line.startsWith("jvm_memory_used_bytes") && line.contains("area=\"heap\"")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return (long) sum;
    }
}
