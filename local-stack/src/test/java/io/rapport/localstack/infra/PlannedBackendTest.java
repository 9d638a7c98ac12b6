package io.rapport.localstack.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoServer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A planned backend of the local stack answers every query exactly as mongo-java-server's own backend of
 * the same kind does.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class PlannedBackendTest {
    EmbeddedMongoServer planned;
    MongoServer plain;
    MongoClient plannedClient;
    MongoClient plainClient;

    /** The local stack's store, started. */
    abstract EmbeddedMongoServer startPlanned();

    /** mongo-java-server's own backend of the same kind, not yet bound. */
    abstract MongoServer plain();

    @BeforeAll
    void start() {
        planned = startPlanned();
        plain = plain();
        plain.bind("127.0.0.1", 0);
        plannedClient = MongoClients.create(planned.connectionString());
        plainClient = MongoClients.create(
                "mongodb://127.0.0.1:" + plain.getLocalAddress().getPort());
        List<Document> docs = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 2_000; i++) {
            Document d = new Document("_id", String.format("a-%04d", i))
                    .append("segment", "s" + random.nextInt(3))
                    .append("rank", random.nextInt(40)) // many ties
                    .append("revision", (long) random.nextInt(10));
            switch (random.nextInt(5)) {
                case 0 -> d.append("score", random.nextDouble() * 100);
                case 1 -> d.append("score", random.nextInt(100)); // int and double mixed
                case 2 -> d.append("score", List.of(random.nextInt(100), random.nextInt(100)));
                case 3 -> d.append("score", "n/a"); // another type
                default -> {} // missing
            }
            d.append("nested", new Document("v", random.nextInt(20)));
            docs.add(d);
        }
        both(c -> {
            c.insertMany(docs.stream().map(Document::new).toList());
            return null;
        });
    }

    @AfterAll
    void stop() {
        plannedClient.close();
        plainClient.close();
        planned.close();
        plain.shutdown();
    }

    @Test
    void sortsWithAndWithoutLimitsLikeThePlainBackend() {
        List<Bson> sorts = List.of(
                Sorts.descending("score", "_id"),
                Sorts.ascending("rank"),
                Sorts.orderBy(Sorts.ascending("segment"), Sorts.descending("rank")),
                Sorts.ascending("nested.v", "rank"),
                Sorts.descending("missing"));
        for (Bson sort : sorts) {
            for (int[] skipLimit : new int[][] {{0, 0}, {0, 1}, {0, 101}, {37, 50}, {1990, 100}}) {
                same(c -> c.find(Filters.eq("segment", "s1"))
                        .sort(sort)
                        .skip(skipLimit[0])
                        .limit(skipLimit[1])
                        .into(new ArrayList<>()));
                same(c -> c.find()
                        .sort(sort)
                        .skip(skipLimit[0])
                        .limit(skipLimit[1])
                        .projection(Projections.include("rank"))
                        .into(new ArrayList<>()));
            }
        }
    }

    @Test
    void idGuardedFiltersFindTheSameDocuments() {
        List<Bson> filters = List.of(
                Filters.and(Filters.eq("_id", "a-0042"), Filters.lt("revision", 5L)),
                Filters.and(Filters.eq("_id", "a-0042"), Filters.gte("revision", 0L)),
                Filters.and(Filters.in("_id", "a-0001", "a-0002", "a-0999", "nope"), Filters.eq("segment", "s1")),
                new Document("_id", "a-0100").append("rank", new Document("$gte", 0)),
                Filters.and(Filters.eq("segment", "s2"), Filters.eq("_id", "a-0007")),
                Filters.and(Filters.eq("_id", "missing"), Filters.lt("revision", 5L)));
        for (Bson filter : filters) {
            same(c -> c.find(filter).into(new ArrayList<>()));
            same(c -> c.countDocuments(filter));
        }
    }

    @Test
    void idListReadsFindTheSameDocuments() {
        List<String> ids = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 600; i++) ids.add(String.format("a-%04d", random.nextInt(2_100))); // dups, missing
        Bson byIds = Filters.in("_id", ids);
        same(c -> c.find(byIds).into(new ArrayList<>()));
        same(c -> c.find(byIds).batchSize(7).into(new ArrayList<>())); // several getMore round trips
        same(c -> c.find(byIds).skip(13).limit(101).into(new ArrayList<>()));
        same(c -> c.find(byIds).projection(Projections.include("rank")).into(new ArrayList<>()));
        same(c -> c.find(byIds).sort(Sorts.descending("rank")).into(new ArrayList<>()));
        same(c -> c.countDocuments(byIds));
        same(c -> c.find(Filters.in("_id", List.of())).into(new ArrayList<>()));
        // not strings only: the plain path
        same(c -> c.find(Filters.in("_id", "a-0001", 7, "a-0003")).into(new ArrayList<>()));
        assertThat(collection(plannedClient).find(byIds).into(new ArrayList<>()))
                .extracting(d -> d.getString("_id"))
                .containsExactlyElementsOf(ids.stream()
                        .filter(id -> id.compareTo("a-2000") < 0)
                        .distinct()
                        .sorted()
                        .toList());
    }

    @Test
    void revisionGuardedWritesBehaveTheSame() {
        // the guard misses on a newer stored revision: the upsert collides with the _id, on both
        for (long revision : new long[] {0L, 20L}) {
            Function<MongoCollection<Document>, Object> guarded = c -> {
                try {
                    return c.replaceOne(
                                    Filters.and(Filters.eq("_id", "a-0500"), Filters.lt("revision", revision)),
                                    new Document("revision", revision),
                                    new ReplaceOptions().upsert(true))
                            .getModifiedCount();
                } catch (MongoException e) {
                    return "error " + e.getCode();
                }
            };
            same(guarded);
        }
        same(c -> c.updateOne(
                        Filters.and(Filters.eq("_id", "a-0600"), Filters.lt("revision", 100L)),
                        Updates.set("touched", true),
                        new UpdateOptions().upsert(true))
                .getModifiedCount());
        same(c -> c.find(Filters.in("_id", "a-0500", "a-0600")).into(new ArrayList<>()));
        assertThatThrownBy(() -> collection(plannedClient)
                        .replaceOne(
                                Filters.and(Filters.eq("_id", "a-0500"), Filters.lt("revision", 0L)),
                                new Document("revision", 0L),
                                new ReplaceOptions().upsert(true)))
                .isInstanceOf(MongoException.class);
    }

    void same(Function<MongoCollection<Document>, Object> query) {
        assertThat(query.apply(collection(plannedClient))).isEqualTo(query.apply(collection(plainClient)));
    }

    void both(Function<MongoCollection<Document>, Object> action) {
        action.apply(collection(plannedClient));
        action.apply(collection(plainClient));
    }

    static MongoCollection<Document> collection(MongoClient client) {
        return client.getDatabase("planned").getCollection("docs");
    }
}
