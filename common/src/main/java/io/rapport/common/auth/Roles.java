package io.rapport.common.auth;

import java.util.Set;

/** The roles an API key can carry. */
public final class Roles {
    /** May send events. */
    public static final String INGEST = "ingest";
    /** May read scores, segments and alerts. */
    public static final String ANALYST = "analyst";
    /** May manage API keys (and everything else). */
    public static final String ADMIN = "admin";

    public static final Set<String> ALL = Set.of(INGEST, ANALYST, ADMIN);

    private Roles() {}
}
