package io.rapport.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The repository under test: its root, its files, and the facts shared by several tests. */
final class Repo {

    /** The four services, each with the HTTP port its application.properties defaults to. */
    static final List<String> SERVICES =
            List.of("ingest-service", "scoring-service", "segmentation-service", "alert-service");

    /** Every Rapport topic; all keyed by accountId. */
    static final List<String> TOPICS = List.of(
            "rapport.interactions.v1",
            "rapport.transactions.v1",
            "rapport.accounts.v1",
            "rapport.scores.v1",
            "rapport.segment-changes.v1",
            "rapport.alerts.v1",
            "rapport.dlq.v1");

    private static final Pattern HTTP_PORT = Pattern.compile("(?m)^quarkus\\.http\\.port=\\$\\{HTTP_PORT:(\\d+)}");

    private Repo() {}

    /** The repository root (system property rapport.root, set by the pom; else the parent directory). */
    static Path root() {
        String configured = System.getProperty("rapport.root");
        Path root = configured != null ? Path.of(configured) : Path.of("..");
        return root.toAbsolutePath().normalize();
    }

    static Path path(String relative) {
        return root().resolve(relative);
    }

    static String read(String relative) {
        try {
            return Files.readString(path(relative), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The HTTP port a service listens on, from its application.properties (the single source). */
    static int httpPort(String service) {
        Matcher m = HTTP_PORT.matcher(read(service + "/src/main/resources/application.properties"));
        if (!m.find()) {
            throw new IllegalStateException(service + ": no quarkus.http.port=${HTTP_PORT:<port>} line");
        }
        return Integer.parseInt(m.group(1));
    }

    /** Service name to HTTP port, for all four services. */
    static Map<String, Integer> httpPorts() {
        return Map.of(
                "ingest-service", httpPort("ingest-service"),
                "scoring-service", httpPort("scoring-service"),
                "segmentation-service", httpPort("segmentation-service"),
                "alert-service", httpPort("alert-service"));
    }

    /**
     * Whether an image reference is pinned: a digest, or an explicit tag other than "latest".
     * Compose's "${VAR:-default}" tags count as pinned by their default.
     */
    static boolean isPinned(String image) {
        if (image == null || image.isBlank()) {
            return false;
        }
        if (image.contains("@sha256:")) {
            return true;
        }
        String lastSegment = image.substring(image.lastIndexOf('/') + 1);
        int colon = lastSegment.indexOf(':');
        if (colon < 0) {
            return false;
        }
        String tag = lastSegment.substring(colon + 1);
        Matcher withDefault = Pattern.compile("\\$\\{[A-Z0-9_]+:-([^}]+)}").matcher(tag);
        if (withDefault.matches()) {
            tag = withDefault.group(1);
        }
        return !tag.isBlank() && !tag.equalsIgnoreCase("latest") && !tag.contains("${");
    }
}
