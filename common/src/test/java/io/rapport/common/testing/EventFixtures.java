package io.rapport.common.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rapport.common.event.AlertEvent;
import io.rapport.common.event.ContractType;
import io.rapport.common.event.EventType;
import io.rapport.common.event.OutputEventType;
import io.rapport.common.event.RapportEvent;
import io.rapport.common.event.ScoreChangedEvent;
import io.rapport.common.event.SegmentChangedEvent;
import io.rapport.common.json.RapportJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The committed contract fixtures (one realistic, valid payload per type, every field set), for any
 * module's tests: {@code io/rapport/common/fixtures/<wire name>.json} in common's test-jar. All
 * fixtures concern account {@code acc-4711}; the overloads taking an account, event id and time give
 * a copy with those replaced, to build several distinct events from one fixture.
 */
public final class EventFixtures {
    /** Classpath folder of the fixture files. */
    public static final String RESOURCE_DIR = "io/rapport/common/fixtures/";
    /** The account every fixture concerns. */
    public static final String ACCOUNT_ID = "acc-4711";

    private static final Map<String, String> TEXTS = new ConcurrentHashMap<>();

    private EventFixtures() {}

    /** The fixture's JSON text exactly as committed. */
    public static String json(ContractType type) {
        return TEXTS.computeIfAbsent(type.wireName(), name -> load(RESOURCE_DIR + name + ".json"));
    }

    /** A fresh, mutable copy of the fixture's JSON tree, e.g. to break one field in a test. */
    public static ObjectNode tree(ContractType type) {
        try {
            return (ObjectNode) RapportJson.mapper().readTree(json(type));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The fixture's JSON with {@code accountId}, {@code eventId} and {@code occurredAt} replaced (the
     * nested copies in labels, snapshots and the like are left as they are).
     */
    public static String json(ContractType type, String accountId, String eventId, Instant occurredAt) {
        ObjectNode tree = tree(type);
        tree.put("accountId", accountId);
        tree.put("eventId", eventId);
        tree.put("occurredAt", occurredAt.toString());
        return tree.toString();
    }

    /** The fixture parsed into its record. */
    public static RapportEvent event(EventType type) {
        return parse(json(type), RapportEvent.class);
    }

    /** The fixture with {@code accountId}, {@code eventId} and {@code occurredAt} replaced. */
    public static RapportEvent event(EventType type, String accountId, String eventId, Instant occurredAt) {
        return parse(json(type, accountId, eventId, occurredAt), RapportEvent.class);
    }

    /** The fixture of an incoming type parsed into its record class, e.g. {@code Transactions.Order}. */
    public static <T extends RapportEvent> T event(EventType type, Class<T> recordClass) {
        return recordClass.cast(event(type));
    }

    /** The fixture of an output type parsed into its record ({@code ScoreChangedEvent}, ...). */
    public static Object output(OutputEventType type) {
        return parse(json(type), type.payloadClass());
    }

    /** The output fixture with {@code accountId}, {@code eventId} and {@code occurredAt} replaced. */
    public static Object output(OutputEventType type, String accountId, String eventId, Instant occurredAt) {
        return parse(json(type, accountId, eventId, occurredAt), type.payloadClass());
    }

    /** The {@code score_changed} fixture. */
    public static ScoreChangedEvent scoreChanged() {
        return (ScoreChangedEvent) output(OutputEventType.SCORE_CHANGED);
    }

    /** The {@code segment_changed} fixture. */
    public static SegmentChangedEvent segmentChanged() {
        return (SegmentChangedEvent) output(OutputEventType.SEGMENT_CHANGED);
    }

    /** The {@code alert} fixture. */
    public static AlertEvent alert() {
        return (AlertEvent) output(OutputEventType.ALERT);
    }

    private static <T> T parse(String json, Class<T> type) {
        try {
            return RapportJson.mapper().readValue(json, type);
        } catch (IOException e) {
            throw new IllegalStateException(
                    "fixture does not parse as " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    private static String load(String resource) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = EventFixtures.class.getClassLoader();
        }
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no fixture on the classpath at " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    /** Parses a fixture's tree (e.g. one a test changed) into the record of its type. */
    public static Object parse(ContractType type, JsonNode tree) throws IOException {
        Class<?> target = type instanceof EventType ? RapportEvent.class : type.payloadClass();
        return RapportJson.mapper().treeToValue(tree, target);
    }
}
