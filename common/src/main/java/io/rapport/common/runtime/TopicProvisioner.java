package io.rapport.common.runtime;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.rapport.common.kafka.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Creates the platform's topics at start-up if they are missing, so consumers do not log unknown
 * topics and producers never auto-create a topic with the wrong partition count. Runs in the
 * background and retries while Kafka is unreachable: readiness, not start-up, reports that.
 */
@ApplicationScoped
public class TopicProvisioner {
    private static final Logger LOG = Logger.getLogger(TopicProvisioner.class);

    private final KafkaTopicsConfig config;
    private final String bootstrapServers;
    private volatile boolean stopping;
    private volatile boolean done;

    TopicProvisioner(
            KafkaTopicsConfig config, @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.config = config;
        this.bootstrapServers = bootstrapServers;
    }

    void onStart(@Observes StartupEvent event) {
        if (config.partitions() < 1) {
            throw new IllegalArgumentException(
                    "rapport.kafka.partitions must be at least 1, was " + config.partitions());
        }
        if (config.replicationFactor() < 1) {
            throw new IllegalArgumentException(
                    "rapport.kafka.replication-factor must be at least 1, was " + config.replicationFactor());
        }
        if (!config.createTopics()) {
            done = true;
            return;
        }
        Thread thread = new Thread(this::provisionUntilDone, "rapport-topic-provisioner");
        thread.setDaemon(true);
        thread.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
    }

    /** True once every topic exists (or provisioning is switched off). */
    public boolean done() {
        return done;
    }

    private void provisionUntilDone() {
        long backoffMillis = 500;
        while (!stopping && !done) {
            try {
                createMissing();
                done = true;
            } catch (RuntimeException e) {
                LOG.warnf("Kafka topics not provisioned yet on %s (%s); retrying", bootstrapServers, e.getMessage());
                sleep(backoffMillis);
                backoffMillis = Math.min(backoffMillis * 2, 10_000);
            }
        }
    }

    private void createMissing() {
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000))) {
            Set<String> existing = admin.listTopics().names().get(15, TimeUnit.SECONDS);
            List<NewTopic> missing = Topics.ALL.stream()
                    .filter(topic -> !existing.contains(topic))
                    .map(topic -> new NewTopic(topic, config.partitions(), config.replicationFactor()))
                    .toList();
            for (var entry : admin.createTopics(missing).values().entrySet()) {
                try {
                    entry.getValue().get(15, TimeUnit.SECONDS);
                    LOG.infof("Created topic %s with %d partitions", entry.getKey(), config.partitions());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException(
                                entry.getKey() + ": " + e.getCause().getMessage(), e);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(String.valueOf(e.getCause() == null ? e : e.getCause()), e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
