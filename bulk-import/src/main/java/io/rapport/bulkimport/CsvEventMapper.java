package io.rapport.bulkimport;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rapport.common.json.RapportJson;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns one CSV row into one event as JSON, by the header: each column names a field of the event
 * contracts, nested fields by dotted names ({@code contact.email}) and list elements by index ({@code
 * contacts[0].name}); a column for an object or a list may also hold JSON. Cells become the JSON type
 * the contract expects (integers, decimals, booleans, lists split on {@code |}); an empty cell leaves
 * the field out. What the contract then says about the values (required fields, formats, ranges) is
 * left to the ingest service, so a CSV file is validated exactly like any other input.
 */
final class CsvEventMapper {
    /** Separator of list cells such as {@code tags}: neither a usual CSV delimiter nor common in tags. */
    static final String LIST_SEPARATOR = "|";

    private static final Pattern SEGMENT = Pattern.compile("([A-Za-z][A-Za-z0-9_]*)(?:\\[(\\d{1,4})])?");
    private static final Pattern INTEGER = Pattern.compile("-?\\d{1,18}");
    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    /** One step of a column's path: a field name, and a list index or -1. */
    private record Segment(String name, int index) {}

    /** A column that feeds the event: its header name, its path. */
    private record Column(int position, String header, List<Segment> path) {}

    /** The event as one line of JSON, or the problems that kept the row from becoming one. */
    record Mapped(String json, List<String> problems) {
        static Mapped problem(String problem) {
            return new Mapped(null, List.of(problem));
        }
    }

    private final int width;
    private final List<Column> columns = new ArrayList<>();
    private final Map<List<Segment>, String> constants = new LinkedHashMap<>();

    /**
     * @param header the header row as in the file
     * @param renames header name → field path, or {@code -} to drop the column
     * @param constants field path → value, for fields the file lacks or leaves empty (e.g. {@code source})
     * @throws IllegalArgumentException naming the columns that match no field of any event type
     */
    CsvEventMapper(List<String> header, Map<String, String> renames, Map<String, String> constants) {
        this.width = header.size();
        Set<String> unusedRenames = new HashSet<>(renames.keySet());
        Set<String> targets = new HashSet<>();
        List<String> unknown = new ArrayList<>();
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i).strip();
            String target = renames.getOrDefault(name, name);
            unusedRenames.remove(name);
            if (target.equals("-")) {
                continue;
            }
            List<Segment> path = parsePath(target);
            if (path == null || !ContractFields.anyTypeHas(names(path))) {
                unknown.add(name.equals(target) ? "'" + name + "'" : "'" + name + "' (as '" + target + "')");
                continue;
            }
            if (!targets.add(target)) {
                throw new IllegalArgumentException("two columns map to the field '" + target + "'");
            }
            columns.add(new Column(i, name, path));
        }
        if (!unusedRenames.isEmpty()) {
            throw new IllegalArgumentException("--column names no column of the header: " + unusedRenames);
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("column(s) " + String.join(", ", unknown)
                    + " match no field of any event type: rename with --column '<column>=<field>'"
                    + " (nested fields dotted, e.g. contact.email) or drop with --column '<column>=-'");
        }
        constants.forEach((field, value) -> {
            List<Segment> path = parsePath(field);
            if (path == null || !ContractFields.anyTypeHas(names(path))) {
                throw new IllegalArgumentException("--set " + field + ": no event type has this field");
            }
            this.constants.put(path, value);
        });
    }

    /** Maps one row (its cells in header order). */
    Mapped map(List<String> cells) {
        if (cells.size() != width) {
            return Mapped.problem("has " + cells.size() + " field(s), the header has " + width);
        }
        Map<List<Segment>, String> values = new LinkedHashMap<>();
        for (Column column : columns) {
            String cell = cells.get(column.position()).strip();
            if (!cell.isEmpty()) {
                values.put(column.path(), cell);
            }
        }
        constants.forEach(values::putIfAbsent);
        String type = values.get(List.of(new Segment("type", -1)));

        ObjectNode event = NODES.objectNode();
        List<String> problems = new ArrayList<>();
        values.forEach((path, cell) -> {
            String column = display(path);
            JsonNode value;
            try {
                value = convert(type, path, cell);
            } catch (IllegalArgumentException e) {
                problems.add(column + ": " + e.getMessage());
                return;
            }
            if (!set(event, path, value)) {
                problems.add(column + ": set twice (by a JSON column and by a column for a field inside it)");
            }
        });
        if (!problems.isEmpty()) {
            return new Mapped(null, problems);
        }
        try {
            return new Mapped(RapportJson.mapper().writeValueAsString(event), List.of());
        } catch (JsonProcessingException e) {
            return Mapped.problem("could not be written as JSON: " + e.getOriginalMessage());
        }
    }

    private static JsonNode convert(String type, List<Segment> path, String cell) {
        ContractFields.Kind kind = ContractFields.field(type, names(path))
                .map(ContractFields.Field::kind)
                .orElse(ContractFields.Kind.STRING);
        if (path.get(path.size() - 1).index() >= 0 && kind != ContractFields.Kind.OBJECT_LIST) {
            // contacts[0] is one element of the list: an object; tags[0] one string
            kind = kind == ContractFields.Kind.STRING_LIST ? ContractFields.Kind.STRING : ContractFields.Kind.OBJECT;
        }
        // A value that does not fit the expected type is sent as text: the service then names the field
        // and the reason ("wrong type"), exactly as for any other input.
        return switch (kind) {
            case INTEGER -> INTEGER.matcher(cell).matches() ? NODES.numberNode(Long.parseLong(cell)) : text(cell);
            case NUMBER -> decimal(cell);
            case BOOLEAN ->
                cell.equalsIgnoreCase("true") || cell.equalsIgnoreCase("false")
                        ? NODES.booleanNode(Boolean.parseBoolean(cell.toLowerCase()))
                        : text(cell);
            case STRING -> text(cell);
            case STRING_LIST -> cell.startsWith("[") ? json(cell) : list(cell);
            case OBJECT, OBJECT_LIST -> json(cell);
        };
    }

    private static JsonNode text(String cell) {
        return NODES.textNode(cell);
    }

    private static JsonNode decimal(String cell) {
        try {
            return NODES.numberNode(new BigDecimal(cell));
        } catch (NumberFormatException e) {
            return text(cell);
        }
    }

    private static JsonNode list(String cell) {
        ArrayNode list = NODES.arrayNode();
        for (String item : cell.split(Pattern.quote(LIST_SEPARATOR))) {
            if (!item.isBlank()) {
                list.add(item.strip());
            }
        }
        return list;
    }

    private static JsonNode json(String cell) {
        if (!cell.startsWith("{") && !cell.startsWith("[")) {
            throw new IllegalArgumentException("expected JSON (an object or a list), or use columns for the fields"
                    + " inside it (e.g. contact.contactId)");
        }
        try {
            return RapportJson.mapper().readTree(cell);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage());
        }
    }

    /** Puts {@code value} at {@code path}, creating objects and lists on the way; false if already set. */
    private static boolean set(ObjectNode root, List<Segment> path, JsonNode value) {
        ObjectNode container = root;
        for (int i = 0; i < path.size(); i++) {
            Segment segment = path.get(i);
            boolean last = i == path.size() - 1;
            JsonNode existing = container.get(segment.name());
            if (segment.index() < 0) {
                if (last) {
                    if (existing != null) {
                        return false;
                    }
                    container.set(segment.name(), value);
                    return true;
                }
                container = child(container, segment.name(), ObjectNode.class);
                if (container == null) {
                    return false;
                }
                continue;
            }
            ArrayNode list = child(container, segment.name(), ArrayNode.class);
            if (list == null) {
                return false;
            }
            while (list.size() <= segment.index()) {
                list.add(NullNode.getInstance());
            }
            JsonNode element = list.get(segment.index());
            if (last) {
                if (!element.isNull()) {
                    return false;
                }
                list.set(segment.index(), value);
                return true;
            }
            if (element.isNull()) {
                element = NODES.objectNode();
                list.set(segment.index(), element);
            } else if (!element.isObject()) {
                return false;
            }
            container = (ObjectNode) element;
        }
        return false;
    }

    /** The object or list {@code name} of {@code container}, created if missing; null if it is something else. */
    private static <T extends JsonNode> T child(ObjectNode container, String name, Class<T> kind) {
        JsonNode existing = container.get(name);
        if (existing == null) {
            return kind.cast(kind == ArrayNode.class ? container.putArray(name) : container.putObject(name));
        }
        return kind.isInstance(existing) ? kind.cast(existing) : null;
    }

    /** {@code contacts[0].email} → [contacts 0, email -1]; null if not a path. */
    private static List<Segment> parsePath(String text) {
        List<Segment> path = new ArrayList<>();
        for (String part : text.split("\\.", -1)) {
            Matcher m = SEGMENT.matcher(part);
            if (!m.matches()) {
                return null;
            }
            path.add(new Segment(m.group(1), m.group(2) == null ? -1 : Integer.parseInt(m.group(2))));
        }
        return path;
    }

    private static List<String> names(List<Segment> path) {
        return path.stream().map(Segment::name).toList();
    }

    private static String display(List<Segment> path) {
        StringBuilder out = new StringBuilder();
        for (Segment segment : path) {
            if (!out.isEmpty()) {
                out.append('.');
            }
            out.append(segment.name());
            if (segment.index() >= 0) {
                out.append('[').append(segment.index()).append(']');
            }
        }
        return out.toString();
    }
}
