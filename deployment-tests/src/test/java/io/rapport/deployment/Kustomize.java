package io.rapport.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Assumptions;

/** Renders a Kustomize directory with {@code kubectl kustomize} and parses the documents. */
final class Kustomize {

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Map<String, Rendered> CACHE = new ConcurrentHashMap<>();
    private static volatile Boolean kubectlPresent;

    private Kustomize() {}

    /** The rendered manifests of {@code k8s/<dir>}; skips the calling test when kubectl is absent. */
    static Rendered render(String dir) {
        Assumptions.assumeTrue(kubectlAvailable(), "kubectl is not installed: manifest tests skipped");
        return CACHE.computeIfAbsent(dir, Kustomize::run);
    }

    static boolean kubectlAvailable() {
        if (kubectlPresent == null) {
            try {
                Process p = new ProcessBuilder(kubectl(), "version", "--client")
                        .redirectErrorStream(true)
                        .start();
                p.getInputStream().readAllBytes();
                kubectlPresent = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
            } catch (IOException e) {
                kubectlPresent = false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                kubectlPresent = false;
            }
        }
        return kubectlPresent;
    }

    /** The kubectl binary: system property rapport.kubectl, else "kubectl" from the PATH. */
    private static String kubectl() {
        return System.getProperty("rapport.kubectl", "kubectl");
    }

    private static Rendered run(String dir) {
        try {
            Process p = new ProcessBuilder(
                            kubectl(), "kustomize", Repo.path("k8s/" + dir).toString())
                    .redirectError(ProcessBuilder.Redirect.PIPE)
                    .start();
            // Read stdout before waiting: the output is larger than a pipe buffer.
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(120, TimeUnit.SECONDS))
                    .as("kubectl kustomize k8s/%s finishes", dir)
                    .isTrue();
            assertThat(p.exitValue())
                    .as("kubectl kustomize k8s/%s fails:%n%s", dir, err)
                    .isZero();
            List<JsonNode> docs = new ArrayList<>();
            try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(out)) {
                while (it.hasNext()) {
                    JsonNode doc = it.next();
                    if (doc != null && !doc.isNull() && !doc.isEmpty()) {
                        docs.add(doc);
                    }
                }
            }
            return new Rendered(dir, docs);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The documents of one rendered directory. */
    record Rendered(String dir, List<JsonNode> docs) {

        List<JsonNode> ofKind(String kind) {
            return docs.stream()
                    .filter(d -> kind.equals(d.path("kind").asText()))
                    .collect(Collectors.toList());
        }

        Optional<JsonNode> named(String kind, String name) {
            return ofKind(kind).stream().filter(d -> name.equals(name(d))).findFirst();
        }

        /** A generated object (ConfigMap, Secret) by its name before Kustomize's hash suffix. */
        Optional<JsonNode> generated(String kind, String baseName) {
            return ofKind(kind).stream()
                    .filter(d -> name(d).equals(baseName) || name(d).matches(baseName + "-[a-z0-9]{10}"))
                    .findFirst();
        }

        /** KAFKA_PARTITIONS of the shared rapport-config ConfigMap. */
        int partitions() {
            JsonNode config = generated("ConfigMap", "rapport-config")
                    .orElseThrow(() -> new AssertionError(dir + ": no rapport-config ConfigMap"));
            String value = config.path("data").path("KAFKA_PARTITIONS").asText();
            assertThat(value).as("%s: KAFKA_PARTITIONS in rapport-config", dir).matches("\\d+");
            return Integer.parseInt(value);
        }

        /** Every pod template of a workload (Deployment, StatefulSet, DaemonSet, Job, CronJob). */
        List<JsonNode> podSpecs() {
            List<JsonNode> specs = new ArrayList<>();
            for (JsonNode d : docs) {
                switch (d.path("kind").asText()) {
                    case "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job" ->
                        specs.add(d.path("spec").path("template").path("spec"));
                    case "CronJob" ->
                        specs.add(d.path("spec")
                                .path("jobTemplate")
                                .path("spec")
                                .path("template")
                                .path("spec"));
                    case "Pod" -> specs.add(d.path("spec"));
                    default -> {}
                }
            }
            return specs;
        }
    }

    static String name(JsonNode doc) {
        return doc.path("metadata").path("name").asText();
    }

    static List<JsonNode> list(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).collect(Collectors.toList());
    }
}
