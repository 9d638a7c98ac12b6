package io.rapport.common.runtime;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.rapport.common.kafka.TopicCreator;
import io.rapport.common.kafka.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
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
        for (String topic : TopicCreator.createMissing(
                bootstrapServers, Topics.ALL, config.partitions(), config.replicationFactor())) {
            LOG.infof("Created topic %s with %d partitions", topic, config.partitions());
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
