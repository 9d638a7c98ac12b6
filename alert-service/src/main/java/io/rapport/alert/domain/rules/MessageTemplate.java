package io.rapport.alert.domain.rules;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A message template with {@code {placeholder}} substitution: {@code {name}} is replaced by the value
 * of that name, doubled braces write literal ones. Numbers are written with at most two
 * decimals; a missing value is written {@code n/a}.
 */
public final class MessageTemplate {
    private final String source;
    private final List<Object> parts; // String literal or Placeholder

    private record Placeholder(String name) {}

    private MessageTemplate(String source, List<Object> parts) {
        this.source = source;
        this.parts = parts;
    }

    /**
     * Parses a template and checks every placeholder is one of {@code known}.
     *
     * @throws IllegalArgumentException saying where the template is broken or which name is unknown
     */
    public static MessageTemplate parse(String source, Set<String> known) {
        List<Object> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < source.length()) {
            char c = source.charAt(i);
            if (c == '{' && source.startsWith("{{", i)) {
                literal.append('{');
                i += 2;
            } else if (c == '{') {
                int end = source.indexOf('}', i);
                if (end < 0) {
                    throw new IllegalArgumentException("unclosed '{' at position " + i);
                }
                String name = source.substring(i + 1, end).trim();
                if (!name.matches("[A-Za-z][A-Za-z0-9_.]*")) {
                    throw new IllegalArgumentException("bad placeholder '{" + name + "}' at position " + i);
                }
                if (!known.contains(name)) {
                    throw new IllegalArgumentException("unknown placeholder '{" + name + "}'; known: "
                            + known.stream().sorted().toList());
                }
                if (!literal.isEmpty()) {
                    parts.add(literal.toString());
                    literal.setLength(0);
                }
                parts.add(new Placeholder(name));
                i = end + 1;
            } else if (c == '}') {
                if (source.startsWith("}}", i)) {
                    literal.append('}');
                    i += 2;
                } else {
                    throw new IllegalArgumentException("unmatched '}' at position " + i + " (write }} for a brace)");
                }
            } else {
                literal.append(c);
                i++;
            }
        }
        if (!literal.isEmpty()) {
            parts.add(literal.toString());
        }
        return new MessageTemplate(source, List.copyOf(parts));
    }

    /** The template text as written. */
    public String source() {
        return source;
    }

    /** The text with every placeholder replaced by its value. */
    public String render(Map<String, ?> values) {
        StringBuilder out = new StringBuilder();
        for (Object part : parts) {
            if (part instanceof Placeholder p) {
                out.append(format(values.get(p.name())));
            } else {
                out.append(part);
            }
        }
        return out.toString();
    }

    /** How a value is written in messages. */
    public static String format(Object value) {
        if (value == null) {
            return "n/a";
        }
        if (value instanceof Double || value instanceof Float || value instanceof BigDecimal) {
            BigDecimal decimal = value instanceof BigDecimal b ? b : BigDecimal.valueOf(((Number) value).doubleValue());
            decimal = decimal.setScale(2, RoundingMode.HALF_UP).stripTrailingZeros();
            return decimal.scale() < 0 ? decimal.setScale(0).toPlainString() : decimal.toPlainString();
        }
        return value.toString();
    }
}
