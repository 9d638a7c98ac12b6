package io.rapport.localstack.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import io.rapport.common.kafka.TopicCreator;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded broker and store keep their data across a stop and a restart on the same directory. */
class EmbeddedInfrastructureTest {

    @TempDir
    Path dir;

    @Test
    void kafkaRecordsSurviveABrokerRestart() throws Exception {
        int port = Ports.freePort();
        int controllerPort = Ports.freePort();
        try (EmbeddedKafkaBroker broker =
                new EmbeddedKafkaBroker(port, controllerPort, dir.resolve("kafka")).start(Duration.ofSeconds(60))) {
            broker.createTopics(List.of("restart-check"), 1);
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    broker.bootstrapServers(),
                    ProducerConfig.ACKS_CONFIG,
                    "all",
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                    StringSerializer.class,
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                    StringSerializer.class))) {
                producer.send(new ProducerRecord<>("restart-check", "acc-1", "kept"))
                        .get();
            }
        }
        try (EmbeddedKafkaBroker broker =
                new EmbeddedKafkaBroker(port, controllerPort, dir.resolve("kafka")).start(Duration.ofSeconds(60))) {
            broker.createTopics(List.of("restart-check"), 1); // already there: no error
            assertThat(readAll(broker.bootstrapServers(), "restart-check")).containsExactly("kept");
        }
    }

    @Test
    void missingTopicsAreCreatedWithTheConfiguredPartitionsAndExistingOnesAreLeftAlone() throws Exception {
        try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(
                                Ports.freePort(), Ports.freePort(), dir.resolve("kafka"))
                        .start(Duration.ofSeconds(60));
                Admin admin =
                        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            assertThat(TopicCreator.createMissing(broker.bootstrapServers(), List.of("t.one"), 2, (short) 1))
                    .containsExactly("t.one");
            assertThat(TopicCreator.createMissing(broker.bootstrapServers(), List.of("t.one", "t.two"), 5, (short) 1))
                    .containsExactly("t.two");
            var topics = admin.describeTopics(List.of("t.one", "t.two"))
                    .allTopicNames()
                    .get();
            assertThat(topics.get("t.one").partitions()).hasSize(2);
            assertThat(topics.get("t.two").partitions()).hasSize(5);
        }
    }

    @Test
    void mongoDocumentsSurviveARestartWithTheFileBackend() {
        int port = Ports.freePort();
        Path file = dir.resolve("mongo/rapport.mv");
        try (EmbeddedMongoServer server = new EmbeddedMongoServer(port, file).start();
                MongoClient client = MongoClients.create(server.connectionString())) {
            client.getDatabase("rapport")
                    .getCollection("check")
                    .insertOne(new Document("_id", "acc-1").append("score", 71.5));
        }
        try (EmbeddedMongoServer server = new EmbeddedMongoServer(port, file).start();
                MongoClient client = MongoClients.create(server.connectionString())) {
            MongoCollection<Document> check = client.getDatabase("rapport").getCollection("check");
            assertThat(check.find(new Document("_id", "acc-1")).first()).containsEntry("score", 71.5);
        }
    }

    @Test
    void aTakenPortIsReportedByNumberNotAsABindStackTrace() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> new EmbeddedMongoServer(port, null).start())
                    .isInstanceOf(PortInUseException.class)
                    .hasMessage("Port " + port + " (MongoDB-wire server) is already in use by another process."
                            + " Stop that process or choose another port with --mongo-port / MONGO_PORT.");
            assertThatThrownBy(() -> new EmbeddedKafkaBroker(port, Ports.freePort(), dir.resolve("k"))
                            .start(Duration.ofSeconds(5)))
                    .isInstanceOf(PortInUseException.class)
                    .hasMessageContaining("Port " + port + " (Kafka broker)");
        }
    }

    private static List<String> readAll(String bootstrap, String topic) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG,
                "restart-check",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class))) {
            consumer.subscribe(List.of(topic));
            long deadline = System.currentTimeMillis() + 20_000;
            while (values.isEmpty() && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    values.add(record.value());
                }
            }
        }
        return values;
    }
}
