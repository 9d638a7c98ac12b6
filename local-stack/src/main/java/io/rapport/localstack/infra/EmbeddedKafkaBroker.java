package io.rapport.localstack.infra;

import io.rapport.common.kafka.TopicCreator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.utils.Time;

/**
 * A real Apache Kafka broker in KRaft mode (combined broker + controller, one node) started from the
 * Kafka jars inside this JVM. Its log directory survives a restart when the same directory is reused.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {
    private static final String CLUSTER_ID = "rApPoRtLoCaLsTaCkAAAAA";

    private final int port;
    private final int controllerPort;
    private final Path logDir;
    private KafkaRaftServer server;

    /**
     * @param port client port (PLAINTEXT listener on 127.0.0.1)
     * @param controllerPort KRaft controller port
     * @param logDir where the broker keeps its logs; reused if already formatted
     */
    public EmbeddedKafkaBroker(int port, int controllerPort, Path logDir) {
        this.port = port;
        this.controllerPort = controllerPort;
        this.logDir = logDir;
    }

    /** Formats the storage if needed, starts the broker and waits until it answers. */
    public EmbeddedKafkaBroker start(Duration timeout) {
        Ports.requireFree(port, "Kafka broker", "--kafka-port / KAFKA_PORT");
        Ports.requireFree(controllerPort, "Kafka controller", "--kafka-controller-port");
        try {
            Files.createDirectories(logDir);
            Properties props = brokerProperties();
            Path config = logDir.resolveSibling(logDir.getFileName() + ".properties");
            try (Writer writer = Files.newBufferedWriter(config)) {
                props.store(writer, "Rapport embedded Kafka broker");
            }
            format(config);
            server = new KafkaRaftServer(KafkaConfig.fromProps(props), Time.SYSTEM);
            server.startup();
            awaitReady(timeout);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not prepare Kafka log directory " + logDir, e);
        }
    }

    private Properties brokerProperties() {
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        props.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        props.put("controller.listener.names", "CONTROLLER");
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("log.dirs", logDir.toAbsolutePath().toString());
        // Single node: internal topics cannot be replicated, and one partition starts fastest.
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "1");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", "1");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("num.network.threads", "2");
        props.put("num.io.threads", "2");
        props.put("num.partitions", "1");
        props.put("auto.create.topics.enable", "false");
        props.put("log.flush.interval.messages", String.valueOf(Long.MAX_VALUE));
        return props;
    }

    private void format(Path config) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        String[] args = {"format", "--config", config.toString(), "--cluster-id", CLUSTER_ID, "--ignore-formatted"};
        int rc;
        try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            rc = StorageTool.execute(args, out);
        } catch (RuntimeException e) {
            throw new IllegalStateException("Could not format Kafka storage in " + logDir + ": " + e.getMessage(), e);
        }
        if (rc != 0) {
            throw new IllegalStateException(
                    "Could not format Kafka storage in " + logDir + ": " + output.toString(StandardCharsets.UTF_8));
        }
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try (Admin admin = admin()) {
                admin.describeCluster().nodes().get(2, TimeUnit.SECONDS);
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for Kafka", e);
            } catch (ExecutionException | TimeoutException e) {
                last = e;
            }
        }
        throw new IllegalStateException("Kafka broker on port " + port + " not ready after " + timeout, last);
    }

    /** Creates the topics that do not exist yet, with {@code partitions} partitions each. */
    public void createTopics(List<String> topics, int partitions) {
        TopicCreator.createMissing(bootstrapServers(), topics, partitions, (short) 1);
    }

    private Admin admin() {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000));
    }

    /** {@code 127.0.0.1:<port>}, for {@code kafka.bootstrap.servers}. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** Controlled shutdown: flushes logs and keeps the data directory for the next start. */
    @Override
    public void close() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
    }
}
