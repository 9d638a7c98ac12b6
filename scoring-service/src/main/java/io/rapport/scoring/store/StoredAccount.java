package io.rapport.scoring.store;

import io.rapport.scoring.domain.AccountState;

/**
 * An account's state document: the folded state, the last published score (null before the first) and
 * the document version used for optimistic concurrency (0 when the document does not exist yet).
 */
public record StoredAccount(AccountState state, PublishedScore published, long version) {

    /** An account never stored before. */
    public static StoredAccount fresh(String accountId) {
        return new StoredAccount(AccountState.empty(accountId), null, 0);
    }

    /** This account with a new state and published score, to be written over {@link #version()}. */
    public StoredAccount with(AccountState newState, PublishedScore newPublished) {
        return new StoredAccount(newState, newPublished, version);
    }
}
