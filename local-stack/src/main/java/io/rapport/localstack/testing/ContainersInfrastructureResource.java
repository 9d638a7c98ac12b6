package io.rapport.localstack.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.rapport.common.kafka.Topics;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.mongodb.MongoDBContainer;

/**
 * Quarkus test resource running a service against the real {@code apache/kafka} and {@code mongo}
 * images through Testcontainers. Only for {@code *ContainersIT} tests, which skip without Docker.
 */
public class ContainersInfrastructureResource implements QuarkusTestResourceLifecycleManager {
    /** Same major versions as production: Kafka 4.1 (KRaft) and MongoDB 7. */
    public static final String KAFKA_IMAGE = "apache/kafka:4.1.1";

    public static final String MONGO_IMAGE = "mongo:7.0.14";

    private KafkaContainer kafka;
    private MongoDBContainer mongo;

    @Override
    public Map<String, String> start() {
        kafka = new KafkaContainer(KAFKA_IMAGE);
        mongo = new MongoDBContainer(MONGO_IMAGE);
        kafka.start();
        mongo.start();
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBootstrapServers()))) {
            List<NewTopic> topics = Topics.ALL.stream()
                    .map(t -> new NewTopic(t, SharedInfrastructure.TEST_PARTITIONS, (short) 1))
                    .toList();
            admin.createTopics(topics).all().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Could not create topics in the Kafka container", e);
        }
        return Map.of(
                "kafka.bootstrap.servers", kafka.getBootstrapServers(),
                "quarkus.mongodb.connection-string", mongo.getConnectionString());
    }

    @Override
    public void stop() {
        if (kafka != null) {
            kafka.stop();
        }
        if (mongo != null) {
            mongo.stop();
        }
    }
}
