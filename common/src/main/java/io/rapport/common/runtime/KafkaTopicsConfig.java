package io.rapport.common.runtime;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How a service provisions the platform's Kafka topics at start-up ({@code rapport.kafka.*}). */
@ConfigMapping(prefix = "rapport.kafka")
public interface KafkaTopicsConfig {
    /** Create missing topics at start-up (off where topics are managed elsewhere, e.g. Strimzi). */
    @WithDefault("true")
    boolean createTopics();

    /** Partitions of each created topic: the upper bound on consumer replicas per service. */
    @WithDefault("6")
    int partitions();

    /** Replication factor of each created topic (1 for a single broker, 3 in production). */
    @WithDefault("1")
    short replicationFactor();
}
