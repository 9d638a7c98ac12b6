package io.rapport.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each service's src/main/docker/Dockerfile.jvm builds a non-root, health-checked, labelled image. */
class DockerfilesTest {

    static final List<String> OCI_LABELS = List.of(
            "org.opencontainers.image.title",
            "org.opencontainers.image.description",
            "org.opencontainers.image.version",
            "org.opencontainers.image.revision",
            "org.opencontainers.image.created",
            "org.opencontainers.image.source");

    private static String dockerfile(String service) {
        return Repo.read(service + "/src/main/docker/Dockerfile.jvm");
    }

    /** The instruction lines (comments dropped, continuation lines joined). */
    private static List<String> instructions(String dockerfile) {
        String joined = dockerfile.replaceAll("(?m)^\\s*#.*\\n", "").replaceAll("\\\\\\n", " ");
        return joined.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ingest-service", "scoring-service", "segmentation-service", "alert-service"})
    void runsAsANumericNonRootUser(String service) {
        List<String> users = instructions(dockerfile(service)).stream()
                .filter(l -> l.startsWith("USER "))
                .toList();
        assertThat(users).as(service + " USER").isNotEmpty();
        String user = users.get(users.size() - 1).substring(5).strip();
        assertThat(user)
                .as(service + " final USER is numeric (runAsNonRoot can verify it) and not root")
                .matches("\\d+(:\\d+)?")
                .doesNotMatch("0(:\\d+)?");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ingest-service", "scoring-service", "segmentation-service", "alert-service"})
    void hasAHealthCheckOnQuarkusLiveness(String service) {
        String hc = instructions(dockerfile(service)).stream()
                .filter(l -> l.startsWith("HEALTHCHECK"))
                .findFirst()
                .orElse("");
        assertThat(hc).as(service + " HEALTHCHECK").contains("/q/health/live").doesNotContain("NONE");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ingest-service", "scoring-service", "segmentation-service", "alert-service"})
    void carriesOciLabels(String service) {
        String labels = String.join(
                "\n",
                instructions(dockerfile(service)).stream()
                        .filter(l -> l.startsWith("LABEL"))
                        .toList());
        for (String label : OCI_LABELS) {
            assertThat(labels).as(service + " LABEL " + label).contains(label + "=");
        }
        assertThat(labels).contains("org.opencontainers.image.title=\"" + service + "\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ingest-service", "scoring-service", "segmentation-service", "alert-service"})
    void usesAPinnedBaseImageTheFastJarAndTheServicePort(String service) {
        String text = dockerfile(service);
        List<String> lines = instructions(text);
        Matcher base = Pattern.compile("(?m)^ARG BASE_IMAGE=(\\S+)").matcher(text);
        String from = lines.stream()
                .filter(l -> l.startsWith("FROM "))
                .findFirst()
                .orElseThrow()
                .substring(5)
                .strip();
        String image = from.equals("${BASE_IMAGE}") && base.find() ? base.group(1) : from;
        assertThat(image).as(service + " base image pinned").matches(Repo::isPinned, "pinned");
        assertThat(text)
                .as(service + " copies the fast-jar layout")
                .contains(
                        "target/quarkus-app/lib/",
                        "target/quarkus-app/app/",
                        "target/quarkus-app/quarkus/",
                        "quarkus-run.jar");
        int port = Repo.httpPort(service);
        assertThat(lines).as(service + " EXPOSE").contains("EXPOSE " + port);
        assertThat(text).as(service + " heap from the container limit").contains("-XX:MaxRAMPercentage=75");
        assertThat(text).as(service + " HTTP_PORT default").contains("HTTP_PORT=" + port);
        assertThat(Files.isRegularFile(Repo.path(service + "/src/main/docker/Dockerfile.jvm.dockerignore")))
                .as(service + " keeps the build context small")
                .isTrue();
    }
}
