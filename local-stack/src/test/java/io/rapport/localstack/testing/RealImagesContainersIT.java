package io.rapport.localstack.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOptions;
import io.rapport.common.event.Contact;
import io.rapport.common.event.Direction;
import io.rapport.common.event.EventType;
import io.rapport.common.event.Interactions;
import io.rapport.common.kafka.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The contracts and the MongoDB operations the services rely on (docs/adr/0002), against the real
 * {@code apache/kafka} and {@code mongo} images. Skipped, and reported as skipped, without Docker.
 */
@Testcontainers(disabledWithoutDocker = true)
class RealImagesContainersIT {
    private static final ContainersInfrastructureResource INFRA = new ContainersInfrastructureResource();
    private static Map<String, String> config;

    @BeforeAll
    static void start() {
        config = INFRA.start();
    }

    @AfterAll
    static void stop() {
        INFRA.stop();
    }

    @Test
    void anEventTravelsThroughRealKafkaKeyedByAccountWithItsTypeHeader() {
        var meeting = new Interactions.Meeting(
                "evt-containers-1",
                "acc-containers",
                Instant.parse("2026-11-30T10:00:00Z"),
                "salesforce",
                Direction.INBOUND,
                new Contact("c-1", "Ada", "ada@example.com", null),
                30,
                "QBR");
        try (KafkaTestClient kafka = new KafkaTestClient(config.get("kafka.bootstrap.servers"))) {
            kafka.send(meeting);
            var records = kafka.readUntil(
                    Topics.INTERACTIONS, r -> r.value().contains("evt-containers-1"), Duration.ofSeconds(60));
            var record = records.get(records.size() - 1);
            assertThat(record.key()).isEqualTo("acc-containers");
            assertThat(KafkaTestClient.header(record, Topics.HEADER_EVENT_TYPE))
                    .isEqualTo(EventType.MEETING.wireName());
        }
    }

    @Test
    void realMongoDbHonoursTheRevisionGuardAndTheUniqueIdThatIdempotencyRestsOn() {
        try (MongoClient client = MongoClients.create(config.get("quarkus.mongodb.connection-string"))) {
            MongoCollection<Document> scores = client.getDatabase("rapport_it").getCollection("latest_scores");
            scores.createIndex(Indexes.ascending("expiresAt"), new IndexOptions().expireAfter(0L, TimeUnit.SECONDS));
            ReplaceOptions upsert = new ReplaceOptions().upsert(true);
            scores.replaceOne(
                    Filters.and(Filters.eq("_id", "acc-1"), Filters.lt("revision", 5)),
                    new Document("_id", "acc-1").append("revision", 5),
                    upsert);
            // An older revision: the filter misses, the upsert collides with the stored _id.
            assertThatThrownBy(() -> scores.replaceOne(
                            Filters.and(Filters.eq("_id", "acc-1"), Filters.lt("revision", 4)),
                            new Document("_id", "acc-1").append("revision", 4),
                            upsert))
                    .isInstanceOf(MongoWriteException.class)
                    .satisfies(
                            e -> assertThat(((MongoWriteException) e).getCode()).isEqualTo(11000));
            assertThat(scores.find(Filters.eq("_id", "acc-1")).first()).containsEntry("revision", 5);
        }
    }
}
