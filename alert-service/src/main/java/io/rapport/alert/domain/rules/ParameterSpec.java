package io.rapport.alert.domain.rules;

import java.util.List;

/**
 * One parameter a rule type accepts: its name, kind, whether it is required, its default and, for
 * numbers, the inclusive range it must fall in.
 */
public record ParameterSpec(String name, Kind kind, boolean required, Object defaultValue, Double min, Double max) {

    /** What a parameter's value is. */
    public enum Kind {
        NUMBER,
        STRING,
        STRING_LIST
    }

    /** A required number within [min, max]. */
    public static ParameterSpec number(String name, double min, double max) {
        return new ParameterSpec(name, Kind.NUMBER, true, null, min, max);
    }

    /** An optional number within [min, max] with a default. */
    public static ParameterSpec number(String name, double min, double max, double defaultValue) {
        return new ParameterSpec(name, Kind.NUMBER, false, defaultValue, min, max);
    }

    /** A required string. */
    public static ParameterSpec string(String name) {
        return new ParameterSpec(name, Kind.STRING, true, null, null, null);
    }

    /** An optional string (null default means absent). */
    public static ParameterSpec optionalString(String name) {
        return new ParameterSpec(name, Kind.STRING, false, null, null, null);
    }

    /** An optional string with a default. */
    public static ParameterSpec string(String name, String defaultValue) {
        return new ParameterSpec(name, Kind.STRING, false, defaultValue, null, null);
    }

    /** An optional list of strings with a default. */
    public static ParameterSpec strings(String name, List<String> defaultValue) {
        return new ParameterSpec(name, Kind.STRING_LIST, false, defaultValue, null, null);
    }
}
