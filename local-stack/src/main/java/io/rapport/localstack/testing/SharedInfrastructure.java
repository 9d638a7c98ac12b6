package io.rapport.localstack.testing;

import io.rapport.common.kafka.Topics;
import io.rapport.localstack.infra.EmbeddedKafkaBroker;
import io.rapport.localstack.infra.EmbeddedMongoServer;
import io.rapport.localstack.infra.Ports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The Kafka broker and MongoDB server shared by every test of one JVM, started on first use and
 * stopped when the JVM exits. With {@code KAFKA_BOOTSTRAP_SERVERS} and {@code MONGODB_URI} set
 * (environment or system properties), tests run against that external cluster instead.
 */
public final class SharedInfrastructure {
    /** Partitions per topic in tests: more than one, so ordering by key is really exercised. */
    public static final int TEST_PARTITIONS = 2;

    private static SharedInfrastructure instance;

    private final String bootstrapServers;
    private final String mongoConnectionString;

    private SharedInfrastructure(String bootstrapServers, String mongoConnectionString) {
        this.bootstrapServers = bootstrapServers;
        this.mongoConnectionString = mongoConnectionString;
    }

    /** The JVM's infrastructure, started if this is the first call. */
    public static synchronized SharedInfrastructure get() {
        if (instance == null) {
            instance = start();
        }
        return instance;
    }

    private static SharedInfrastructure start() {
        String externalKafka = setting("KAFKA_BOOTSTRAP_SERVERS");
        String externalMongo = setting("MONGODB_URI");
        if (externalKafka != null && externalMongo != null) {
            return new SharedInfrastructure(externalKafka, externalMongo);
        }
        Path dir = tempDir();
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(Ports.freePort(), Ports.freePort(), dir.resolve("kafka"))
                .start(Duration.ofSeconds(60));
        broker.createTopics(Topics.ALL, TEST_PARTITIONS);
        EmbeddedMongoServer mongo = new EmbeddedMongoServer(0, null).start();
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            mongo.close();
                            broker.close();
                            deleteRecursively(dir);
                        },
                        "rapport-test-infrastructure-shutdown"));
        return new SharedInfrastructure(broker.bootstrapServers(), mongo.connectionString());
    }

    private static String setting(String name) {
        String value = System.getProperty(name, System.getenv(name));
        return value == null || value.isBlank() ? null : value;
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("rapport-test-infra");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort: a temp directory left behind is harmless
        }
    }

    /** Kafka bootstrap servers, e.g. {@code 127.0.0.1:40123}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** MongoDB connection string, e.g. {@code mongodb://127.0.0.1:40124}. */
    public String mongoConnectionString() {
        return mongoConnectionString;
    }
}
