package io.rapport.scoring.store;

import io.rapport.scoring.domain.AccountState;
import java.util.List;

/**
 * An account's state document: the folded state, the last published score (null before the first), its
 * newest score revisions not yet moved to a history bucket ({@link RecentHistory}, oldest first) and the
 * document version used for optimistic concurrency (0 when the document does not exist yet).
 */
public record StoredAccount(
        AccountState state, PublishedScore published, List<ScoreHistoryRepository.Entry> recentHistory, long version) {

    public StoredAccount {
        recentHistory = List.copyOf(recentHistory);
    }

    /** An account document without recent history. */
    public StoredAccount(AccountState state, PublishedScore published, long version) {
        this(state, published, List.of(), version);
    }

    /** An account never stored before. */
    public static StoredAccount fresh(String accountId) {
        return new StoredAccount(AccountState.empty(accountId), null, 0);
    }

    /** This account with a new state and published score, to be written over {@link #version()}. */
    public StoredAccount with(AccountState newState, PublishedScore newPublished) {
        return new StoredAccount(newState, newPublished, recentHistory, version);
    }

    /** This account with a new state, published score and recent history, to be written over {@link #version()}. */
    public StoredAccount with(
            AccountState newState, PublishedScore newPublished, List<ScoreHistoryRepository.Entry> newRecent) {
        return new StoredAccount(newState, newPublished, newRecent, version);
    }
}
