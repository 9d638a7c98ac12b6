package io.rapport.benchmarks;

import io.rapport.common.kafka.Topics;
import io.rapport.localstack.ServiceProcess;
import io.rapport.localstack.infra.EmbeddedKafkaBroker;
import io.rapport.localstack.infra.EmbeddedMongoServer;
import io.rapport.localstack.infra.Ports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A broker and a store in this JVM (the store in memory or H2-file backed), plus services under test
 * as child JVMs from their packaged jars, all on free ports. Close it to stop everything.
 */
public final class BenchmarkEnvironment implements AutoCloseable {
    /** Which backend of the embedded store the run uses; benchmarks print it next to their figures. */
    public enum StoreBackend {
        MEMORY,
        H2_FILE;

        /** {@code memory} or {@code h2}, as given to a benchmark's {@code --store} option. */
        public static StoreBackend parse(String option) {
            return switch (option.toLowerCase(java.util.Locale.ROOT)) {
                case "memory" -> MEMORY;
                case "h2" -> H2_FILE;
                default -> throw new IllegalArgumentException("--store must be memory or h2, was " + option);
            };
        }
    }

    private final Path dir;
    private final StoreBackend backend;
    private final EmbeddedKafkaBroker broker;
    private final EmbeddedMongoServer mongo;
    private final List<ServiceProcess> services = new ArrayList<>();

    public BenchmarkEnvironment(StoreBackend backend, int partitions) {
        this.backend = backend;
        try {
            this.dir = Files.createTempDirectory("rapport-benchmark");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.broker = new EmbeddedKafkaBroker(Ports.freePort(), Ports.freePort(), dir.resolve("kafka"))
                .start(Duration.ofSeconds(60));
        broker.createTopics(Topics.ALL, partitions);
        this.mongo = new EmbeddedMongoServer(
                        Ports.freePort(), backend == StoreBackend.MEMORY ? null : dir.resolve("mongo/rapport.mv"))
                .start();
    }

    public StoreBackend backend() {
        return backend;
    }

    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    public String mongoConnectionString() {
        return mongo.connectionString();
    }

    /** Creates extra topics (e.g. a reference run's own topic) with the given partitions. */
    public void createTopics(List<String> topics, int partitions) {
        broker.createTopics(topics, partitions);
    }

    /**
     * Starts a service from {@code <module>/target/quarkus-app/quarkus-run.jar} against this broker and
     * store, with extra environment variables, and waits until it is ready.
     */
    public ServiceProcess startService(String module, Map<String, String> extraEnv, String heap) {
        return startService(module, extraEnv, heap, ServiceProcess.Tuning.START_UP);
    }

    /** As above, with the service's JVM tuned for start-up (as the local stack runs it) or throughput. */
    public ServiceProcess startService(
            String module, Map<String, String> extraEnv, String heap, ServiceProcess.Tuning tuning) {
        ServiceProcess service = new ServiceProcess(
                module,
                Path.of(module, "target", "quarkus-app", "quarkus-run.jar").toAbsolutePath(),
                Ports.freePort(),
                dir.resolve("logs").resolve(module + ".log"));
        Map<String, String> env = new HashMap<>(extraEnv);
        env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers());
        env.put("MONGODB_URI", mongoConnectionString());
        service.start(env, heap, tuning);
        services.add(service);
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!service.ready(http)) {
            if (!service.alive() || System.nanoTime() > deadline) {
                throw new IllegalStateException(module + " did not become ready; see " + service.logFile());
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return service;
    }

    @Override
    public void close() {
        services.forEach(s -> s.stop(Duration.ofSeconds(20)));
        mongo.close();
        broker.close();
    }
}
