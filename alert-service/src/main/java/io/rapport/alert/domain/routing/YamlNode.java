package io.rapport.alert.domain.routing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/** A YAML node with its path, so that every error can name where it happened. */
final class YamlNode {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

    private final JsonNode node;
    private final String path;
    private final Function<String, String> env;

    YamlNode(JsonNode node, String path, Function<String, String> env) {
        this.node = node;
        this.path = path;
        this.env = env;
    }

    String path() {
        return path;
    }

    AlertingConfigException error(String reason) {
        return new AlertingConfigException(path, reason);
    }

    boolean isMissing() {
        return node == null || node.isMissingNode() || node.isNull();
    }

    /** Fails on any key outside {@code allowed}. */
    YamlNode requireMapping(Set<String> allowed) {
        if (!node.isObject()) {
            throw error("expected a mapping");
        }
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw new AlertingConfigException(path, "unknown key '" + name + "'");
            }
        }
        return this;
    }

    YamlNode get(String key) {
        return new YamlNode(node == null ? null : node.get(key), join(key), env);
    }

    boolean has(String key) {
        return !get(key).isMissing();
    }

    private String join(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    List<YamlNode> list() {
        if (isMissing()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw error("expected a list");
        }
        List<YamlNode> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            out.add(new YamlNode(node.get(i), path + "[" + i + "]", env));
        }
        return out;
    }

    /** Entries of a string-to-scalar mapping, each with its own path. */
    Map<String, YamlNode> entries() {
        if (isMissing()) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw error("expected a mapping");
        }
        Map<String, YamlNode> out = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> out.put(e.getKey(), new YamlNode(e.getValue(), join(e.getKey()), env)));
        return out;
    }

    /** The scalar as a string with {@code ${VAR}} / {@code ${VAR:-default}} expanded; null if absent. */
    String string() {
        if (isMissing()) {
            return null;
        }
        if (!node.isValueNode()) {
            throw error("expected a string");
        }
        return expand(node.asText());
    }

    String string(String key) {
        return get(key).string();
    }

    String requiredString(String key, String reason) {
        String s = string(key);
        if (s == null || s.isEmpty()) {
            throw new AlertingConfigException(join(key), reason);
        }
        return s;
    }

    List<String> strings() {
        return list().stream().map(YamlNode::string).toList();
    }

    Boolean bool(String key) {
        YamlNode n = get(key);
        if (n.isMissing()) {
            return null;
        }
        if (!n.node.isBoolean()) {
            String s = n.string();
            if ("true".equals(s) || "false".equals(s)) {
                return Boolean.valueOf(s);
            }
            throw n.error("expected true or false");
        }
        return n.node.booleanValue();
    }

    boolean bool(String key, boolean dflt) {
        Boolean b = bool(key);
        return b == null ? dflt : b;
    }

    private String expand(String raw) {
        if (raw.indexOf("${") < 0) {
            return raw;
        }
        java.util.regex.Matcher m = PLACEHOLDER.matcher(raw);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = env.apply(m.group(1));
            if (value == null) {
                if (m.group(2) == null) {
                    throw error("environment variable " + m.group(1) + " is not set");
                }
                value = m.group(2);
            }
            m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }
}
