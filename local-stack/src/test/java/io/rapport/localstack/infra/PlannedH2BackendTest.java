package io.rapport.localstack.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * The local stack's file store answers as mongo-java-server's H2 backend does, and reopens its file
 * and answers as before.
 */
class PlannedH2BackendTest extends PlannedBackendTest {
    private final Path directory;

    PlannedH2BackendTest() {
        try {
            directory = Files.createTempDirectory("planned-h2");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    EmbeddedMongoServer startPlanned() {
        return new EmbeddedMongoServer(0, directory.resolve("planned.mv.db")).start();
    }

    @Override
    MongoServer plain() {
        return new MongoServer(new H2Backend(directory.resolve("plain.mv.db").toString()));
    }

    @Test
    void aReopenedFileHoldsTheSameDocumentsAndAnswersAsThePlainBackend() {
        List<Document> before = collection(plannedClient).find().into(new ArrayList<>());
        try (EmbeddedMongoServer reopened = new EmbeddedMongoServer(0, directory.resolve("other.mv.db")).start();
                MongoClient client = MongoClients.create(reopened.connectionString())) {
            collection(client).insertMany(before.stream().map(Document::new).toList());
        }
        try (EmbeddedMongoServer reopened = new EmbeddedMongoServer(0, directory.resolve("other.mv.db")).start();
                MongoClient client = MongoClients.create(reopened.connectionString())) {
            assertThat(collection(client).find().into(new ArrayList<>())).isEqualTo(before);
            assertThat(collection(client)
                            .find(Filters.and(Filters.eq("_id", "a-0042"), Filters.gte("revision", 0L)))
                            .into(new ArrayList<>()))
                    .isEqualTo(collection(plainClient)
                            .find(Filters.and(Filters.eq("_id", "a-0042"), Filters.gte("revision", 0L)))
                            .into(new ArrayList<>()));
        }
    }
}
