package io.rapport.segmentation.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import io.rapport.localstack.infra.EmbeddedMongoServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Start-up index creation over a store an earlier version created its indexes in: the retired history
 * indexes go (each cost a write per insert), the current ones are there, and a second start changes
 * nothing. Against both embedded backends, as the local stack keeps its H2 file across versions.
 */
class CollectionsTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"memory", "h2"})
    void startUpDropsTheRetiredHistoryIndexesAndCreatesTheAccountHistoryIndex(String backend) {
        try (EmbeddedMongoServer server =
                        new EmbeddedMongoServer(0, backend.equals("h2") ? dir.resolve("store.mv") : null).start();
                MongoClient client = MongoClients.create(server.connectionString())) {
            Collections collections = new Collections(client, "rapport_segmentation_indexes");
            var history = collections.get(Collections.HISTORY);
            // what the versions before this one created
            history.createIndex(Indexes.ascending("accountId", "at"), new IndexOptions().name("account_time"));
            history.createIndex(
                    Indexes.ascending("accountId", "revision"), new IndexOptions().name("account_revision"));

            collections.createIndexes();
            collections.createIndexes();

            assertThat(names(collections))
                    .contains("_id_", "segment_time", Collections.ACCOUNT_HISTORY_INDEX)
                    .doesNotContain("account_time", "account_revision");
            Document accountHistory = history.listIndexes().into(new ArrayList<>()).stream()
                    .filter(i -> Collections.ACCOUNT_HISTORY_INDEX.equals(i.getString("name")))
                    .findFirst()
                    .orElseThrow();
            assertThat(accountHistory.get("key", Document.class).keySet()).containsExactly("accountId", "at", "_id");
        }
    }

    private static List<String> names(Collections collections) {
        return collections
                .get(Collections.HISTORY)
                .listIndexes()
                .map(i -> i.getString("name"))
                .into(new ArrayList<>());
    }
}
