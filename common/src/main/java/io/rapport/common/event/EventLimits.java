package io.rapport.common.event;

/** Length limits shared by the contracts and their JSON Schemas. */
public final class EventLimits {
    /** Identifiers: event, account, contact, order, invoice, ticket, contract ids. */
    public static final int ID_MAX = 128;
    /** Names, subjects, categories, metrics, regions and other short labels. */
    public static final int NAME_MAX = 256;
    /** Free text: comments and descriptions. */
    public static final int TEXT_MAX = 4000;
    /** Contacts on one account event. */
    public static final int CONTACTS_MAX = 200;
    /** Tags on one account event. */
    public static final int TAGS_MAX = 50;
    /** Score components on one score event. */
    public static final int COMPONENTS_MAX = 32;
    /** Entries in a free-form map: indicators, labels, segment values, alert explanations. */
    public static final int MAP_ENTRIES_MAX = 64;

    private EventLimits() {}
}
