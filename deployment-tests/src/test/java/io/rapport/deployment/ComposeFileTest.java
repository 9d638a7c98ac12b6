package io.rapport.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** docker-compose.yml parses, health-checks every long-running service and starts them in order. */
class ComposeFileTest {

    static final String TOPIC_JOB = "kafka-init";
    static final Set<String> CONDITIONS = Set.of("service_healthy", "service_completed_successfully");

    static Map<String, Map<String, Object>> services;
    static String composeText;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void parse() {
        composeText = Repo.read("docker-compose.yml");
        Map<String, Object> compose = new Yaml(new SafeConstructor(new LoaderOptions())).load(composeText);
        services = (Map<String, Map<String, Object>>) compose.get("services");
    }

    @Test
    void namesTheWholeStack() {
        assertThat(services)
                .containsKeys("kafka", TOPIC_JOB, "mongodb", "mailpit", "prometheus", "grafana")
                .containsKeys(Repo.SERVICES.toArray(String[]::new));
        assertThat(services.get("kafka").get("image")).isEqualTo("apache/kafka:4.1.1");
        assertThat((String) services.get("mongodb").get("image")).startsWith("mongo:7.0.");
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyServiceButTheTopicJobHasAHealthCheck() {
        services.forEach((name, svc) -> {
            if (name.equals(TOPIC_JOB)) {
                assertThat(svc.get("restart")).as("the topic job runs once").isEqualTo("no");
                return;
            }
            Map<String, Object> hc = (Map<String, Object>) svc.get("healthcheck");
            assertThat(hc).as(name + " healthcheck").isNotNull();
            assertThat(hc.get("test")).as(name + " healthcheck test").isNotNull();
            assertThat(hc.get("disable")).as(name + " healthcheck disabled").isNotEqualTo(true);
        });
    }

    @Test
    @SuppressWarnings("unchecked")
    void dependenciesWaitForHealthOrCompletion() {
        services.forEach((name, svc) -> {
            Object dependsOn = svc.get("depends_on");
            if (dependsOn == null) {
                return;
            }
            assertThat(dependsOn)
                    .as(name + " depends_on must be the long form, with conditions")
                    .isInstanceOf(Map.class);
            ((Map<String, Map<String, Object>>) dependsOn).forEach((dep, spec) -> {
                assertThat(services)
                        .as(name + " depends on an existing service")
                        .containsKey(dep);
                Object condition = spec == null ? null : spec.get("condition");
                assertThat(condition).as(name + " -> " + dep + " condition").isIn(CONDITIONS.toArray());
                assertThat(condition)
                        .as(name + " -> " + dep)
                        .isEqualTo(dep.equals(TOPIC_JOB) ? "service_completed_successfully" : "service_healthy");
            });
        });
        for (String svc : Repo.SERVICES) {
            Map<String, Object> deps = (Map<String, Object>) services.get(svc).get("depends_on");
            assertThat(deps)
                    .as(svc + " waits for Kafka, its topics and MongoDB")
                    .containsKeys("kafka", TOPIC_JOB, "mongodb");
        }
        assertThat((Map<String, Object>) services.get("alert-service").get("depends_on"))
                .containsKey("mailpit");
    }

    @Test
    @SuppressWarnings("unchecked")
    void servicesAreBuiltFromTheirDockerfileAndListenOnTheirPort() {
        for (String svc : Repo.SERVICES) {
            Map<String, Object> s = services.get(svc);
            Map<String, Object> build = (Map<String, Object>) s.get("build");
            assertThat(build).as(svc + " build").isNotNull();
            String context = ((String) build.get("context")).replaceFirst("^\\./", "");
            assertThat(Files.isRegularFile(Repo.path(context).resolve((String) build.get("dockerfile"))))
                    .as(svc + " Dockerfile exists")
                    .isTrue();
            int port = Repo.httpPort(svc);
            Map<String, Object> env = (Map<String, Object>) s.get("environment");
            assertThat(String.valueOf(env.get("HTTP_PORT")))
                    .as(svc + " HTTP_PORT")
                    .isEqualTo(String.valueOf(port));
            assertThat(env)
                    .as(svc + " environment")
                    .containsKeys("KAFKA_BOOTSTRAP_SERVERS", "MONGODB_URI", "RAPPORT_BOOTSTRAP_ADMIN_KEY");
            assertThat(s.get("healthcheck").toString())
                    .as(svc + " health check port")
                    .contains("/" + port + " ", "/q/health/");
        }
    }

    @Test
    void everyImageIsPinned() {
        services.forEach((name, svc) -> assertThat((String) svc.get("image"))
                .as(name + " image is pinned")
                .matches(Repo::isPinned, "pinned"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theTopicJobCreatesEveryTopicWithThePartitionCount() {
        Map<String, Object> job = services.get(TOPIC_JOB);
        String script = String.join("\n", (List<String>) job.get("entrypoint"));
        for (String topic : Repo.TOPICS) {
            assertThat(script).as(TOPIC_JOB + " creates " + topic).contains(topic);
        }
        assertThat(script).contains("--if-not-exists", "--partitions \"$$PARTITIONS\"");
        assertThat(((Map<String, Object>) job.get("environment")).get("PARTITIONS"))
                .isEqualTo("${KAFKA_PARTITIONS:-6}");
    }

    @Test
    void everyVariableTheComposeFileReadsIsDocumentedInEnvExample() {
        String example = Repo.read(".env.example");
        Set<String> variables = new LinkedHashSet<>();
        // ${VAR...} but not $${...} (a literal $ for the container's shell)
        Matcher m = Pattern.compile("(?<!\\$)\\$\\{([A-Z][A-Z0-9_]*)").matcher(composeText);
        while (m.find()) {
            variables.add(m.group(1));
        }
        assertThat(variables).isNotEmpty();
        for (String var : variables) {
            assertThat(example).as(".env.example documents " + var).containsPattern("(?m)^" + var + "=");
        }
    }

    @Test
    void prometheusScrapesEveryServiceOnQuarkusMetrics() {
        String prometheus = Repo.read("deploy/prometheus/prometheus.yml");
        assertThat(prometheus).contains("metrics_path: /q/metrics");
        Repo.httpPorts().forEach((svc, port) -> assertThat(prometheus).contains(svc + ":" + port));
    }
}
