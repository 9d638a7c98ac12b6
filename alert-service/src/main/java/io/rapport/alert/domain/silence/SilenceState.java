package io.rapport.alert.domain.silence;

/** Lifecycle of a silence relative to an instant. */
public enum SilenceState {
    PENDING,
    ACTIVE,
    EXPIRED
}
