package io.rapport.segmentation.api;

/** The roles of the segmentation API. */
public final class Roles {
    /** Reads segments, members, history and exports. */
    public static final String ANALYST = "analyst";
    /** Creates, changes and deletes definitions (and reads everything an analyst reads). */
    public static final String ADMIN = "admin";

    private Roles() {}
}
