package io.rapport.scoring.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rapport.common.event.Direction;
import io.rapport.localstack.testing.EmbeddedInfrastructureResource;
import io.rapport.scoring.domain.AccountState;
import io.rapport.scoring.domain.Events;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/** Optimistic concurrency of account_states through (_id, version), and documents of the earlier layouts. */
@QuarkusTest
@WithTestResource(EmbeddedInfrastructureResource.class)
class AccountStateRepositoryTest {
    static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    @Inject
    AccountStateRepository states;

    @Test
    void inOneBulkWriteInsertsAndReplacesAreEachSavedOrReportedAsConflictsByAccount() {
        AccountState a = state("acc-mix-a", "o-1");
        AccountState b = state("acc-mix-b", "o-1");
        AccountState d = state("acc-mix-d", "o-1");
        assertThat(states.saveAll(
                        List.of(
                                new StoredAccount(a, null, 0),
                                new StoredAccount(b, null, 0),
                                new StoredAccount(d, null, 0)),
                        NOW))
                .isEmpty();
        StoredAccount readA = states.find("acc-mix-a").orElseThrow();
        StoredAccount readB = states.find("acc-mix-b").orElseThrow();
        // Someone else replaces b after we read it.
        assertThat(states.saveAll(List.of(readB.with(state("acc-mix-b", "o-2"), null)), NOW))
                .isEmpty();

        // A replace over the version read (saved), a new account (inserted), an insert of an account that
        // exists (conflict) and a replace over a version already replaced (conflict), in one call.
        AccountState nextA = readA.state().apply(new Events("acc-mix-a").order(NOW, "o-3", "30"));
        AccountState c = state("acc-mix-c", "o-1");
        assertThat(states.saveAll(
                        List.of(
                                readA.with(nextA, null),
                                new StoredAccount(c, null, 0),
                                new StoredAccount(state("acc-mix-d", "o-7"), null, 0),
                                readB.with(state("acc-mix-b", "o-9"), null)),
                        NOW))
                .containsExactlyInAnyOrder("acc-mix-d", "acc-mix-b");
        assertThat(states.find("acc-mix-a").orElseThrow().state()).isEqualTo(nextA);
        assertThat(states.find("acc-mix-c").orElseThrow().state()).isEqualTo(c);
        assertThat(states.find("acc-mix-d").orElseThrow().state()).isEqualTo(d);
        assertThat(states.find("acc-mix-b").orElseThrow().state()).isEqualTo(state("acc-mix-b", "o-2"));
    }

    private static AccountState state(String id, String order) {
        return AccountState.empty(id).apply(new Events(id).order(NOW, order, "10"));
    }

    @Test
    void aWriteOverAVersionSomeoneElseAlreadyReplacedIsAConflictAndChangesNothing() {
        String id = "acc-repo.1$";
        Events ev = new Events(id);
        AccountState first = AccountState.empty(id).apply(ev.order(NOW, "o-1", "10"));
        assertThat(states.saveAll(List.of(new StoredAccount(first, null, 0)), NOW))
                .isEmpty();
        StoredAccount read = states.find(id).orElseThrow();
        AccountState second = read.state().apply(ev.call(NOW, Direction.INBOUND, "c-1"));
        AccountState rival = read.state().apply(ev.order(NOW, "o-2", "20"));

        assertThat(states.saveAll(List.of(read.with(second, null)), NOW)).isEmpty();
        assertThat(states.saveAll(List.of(read.with(rival, null)), NOW)).containsExactly(id);
        assertThat(states.saveAll(List.of(new StoredAccount(rival, null, 0)), NOW))
                .containsExactly(id);

        StoredAccount stored = states.find(id).orElseThrow();
        assertThat(stored.state()).isEqualTo(second);
        assertThat(stored.version()).isEqualTo(2);
    }

    @Test
    void aDocumentOfTheEarlierLayoutIsReadAndRewrittenInTheCurrentOne() {
        String id = "acc-repo-legacy";
        AccountState state = AccountState.empty(id).apply(new Events(id).order(NOW, "o-1", "10"));
        Document legacy = AccountStateMapper.toDocument(state)
                .append("_id", id)
                .append("version", 3L)
                .append("updatedAt", NOW.toString());
        states.collection().insertOne(legacy);
        assertThat(states.find(id).orElseThrow().state()).isEqualTo(state);

        StoredAccount read = states.find(id).orElseThrow();
        assertThat(read.version()).isEqualTo(3);
        AccountState next = read.state().apply(new Events(id).order(NOW, "o-2", "20"));
        assertThat(states.saveAll(List.of(read.with(next, null)), NOW)).isEmpty();
        assertThat(states.find(id).orElseThrow().state()).isEqualTo(next);
        assertThat(states.collection().find(new Document("_id", id)).first())
                .containsKey(AccountStateRepository.PACKED_STATE)
                .containsEntry("version", 4L);
    }

    @Test
    void theWriteGuardIndexOfEarlierVersionsIsDroppedAtStartUpAndItsFieldGoesAtTheNextWrite() {
        String id = "acc-repo-versionkey";
        states.collection()
                .createIndex(
                        new Document(AccountStateRepository.LEGACY_VERSION_KEY, 1),
                        new com.mongodb.client.model.IndexOptions()
                                .name(AccountStateRepository.LEGACY_VERSION_KEY)
                                .unique(true)
                                .sparse(true));
        AccountState state = AccountState.empty(id).apply(new Events(id).order(NOW, "o-1", "10"));
        states.saveAll(List.of(new StoredAccount(state, null, 0)), NOW);
        states.collection()
                .updateOne(
                        new Document("_id", id),
                        new Document("$set", new Document(AccountStateRepository.LEGACY_VERSION_KEY, id + "#1")));

        states.createIndexes();
        states.createIndexes(); // again: nothing left to drop

        assertThat(states.collection()
                        .listIndexes()
                        .map(i -> i.getString("name"))
                        .into(new java.util.ArrayList<>()))
                .doesNotContain(AccountStateRepository.LEGACY_VERSION_KEY);
        StoredAccount read = states.find(id).orElseThrow();
        AccountState next = read.state().apply(new Events(id).order(NOW, "o-2", "20"));
        assertThat(states.saveAll(List.of(read.with(next, null)), NOW)).isEmpty();
        assertThat(states.collection().find(new Document("_id", id)).first())
                .doesNotContainKey(AccountStateRepository.LEGACY_VERSION_KEY)
                .containsEntry("version", 2L);
    }

    @Test
    void theStateIsStoredPackedAndADocumentWithTheStateAsOneBsonDocumentIsStillRead() {
        String id = "acc-repo-bson";
        Events ev = new Events(id);
        AccountState state = AccountState.empty(id).apply(ev.order(NOW, "o-1", "10"));
        states.collection()
                .insertOne(new Document("_id", id)
                        .append("version", 1L)
                        .append("versionKey", id + "#1")
                        .append("state", AccountStateMapper.toBinary(state)));
        StoredAccount read = states.find(id).orElseThrow();
        assertThat(read.state()).isEqualTo(state);

        AccountState next = read.state().apply(ev.call(NOW, Direction.INBOUND, "c-1"));
        assertThat(states.saveAll(List.of(read.with(next, null)), NOW)).isEmpty();

        Document stored = states.collection().find(new Document("_id", id)).first();
        assertThat(stored).doesNotContainKey("state");
        byte[] packed = stored.get(AccountStateRepository.PACKED_STATE, org.bson.types.Binary.class)
                .getData();
        assertThat(PackedAccountState.unpack(packed)).isEqualTo(next);
        assertThat(states.find(id).orElseThrow().state()).isEqualTo(next);
    }
}
