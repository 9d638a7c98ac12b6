package io.rapport.deployment;

import static io.rapport.deployment.Kustomize.list;
import static io.rapport.deployment.Kustomize.name;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The rendered overlays (kubectl kustomize) are safe to apply: probes, resources, security, secrets, scaling. */
class KubernetesManifestsTest {

    /** Keys that name a credential; such a key never belongs in a ConfigMap. */
    static final Pattern SECRET_KEY =
            Pattern.compile("(?i).*(PASSWORD|PASSWD|SECRET|TOKEN|CREDENTIAL|API_?KEY|_KEY$|^KEY$|PRIVATE).*");

    /** A URI with user:password@ in it, e.g. mongodb://user:pw@host. */
    static final Pattern URI_WITH_CREDENTIALS = Pattern.compile("[a-zA-Z][a-zA-Z0-9+.-]*://[^/\\s:@]+:[^/\\s@]+@");

    /** Values that are secrets by their shape: Slack webhooks, private keys, bearer tokens. */
    static final Pattern SECRET_VALUE = Pattern.compile(
            "(?s).*(hooks\\.slack\\.com/services/|-----BEGIN [A-Z ]*PRIVATE KEY|Bearer [A-Za-z0-9._-]{20,}).*");

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/dev", "overlays/prod"})
    void everyServiceHasDeploymentServiceHpaPdbAndNetworkPolicy(String overlay) {
        Kustomize.Rendered r = Kustomize.render(overlay);
        for (String kind :
                List.of("Deployment", "Service", "HorizontalPodAutoscaler", "PodDisruptionBudget", "NetworkPolicy")) {
            assertThat(r.ofKind(kind).stream().map(Kustomize::name))
                    .as("%s: %s per service", overlay, kind)
                    .containsExactlyInAnyOrderElementsOf(Repo.SERVICES);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/dev", "overlays/prod"})
    void everyContainerHasTheThreeHealthProbesOnQuarkusHealthPaths(String overlay) {
        for (JsonNode deployment : Kustomize.render(overlay).ofKind("Deployment")) {
            for (JsonNode c : list(deployment.at("/spec/template/spec/containers"))) {
                String who =
                        overlay + " " + name(deployment) + "/" + c.path("name").asText();
                assertThat(c.at("/startupProbe/httpGet/path").asText())
                        .as(who + " startupProbe")
                        .isEqualTo("/q/health/started");
                assertThat(c.at("/livenessProbe/httpGet/path").asText())
                        .as(who + " livenessProbe")
                        .isEqualTo("/q/health/live");
                assertThat(c.at("/readinessProbe/httpGet/path").asText())
                        .as(who + " readinessProbe")
                        .isEqualTo("/q/health/ready");
                for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                    assertThat(c.path(probe).at("/httpGet/port").asText())
                            .as(who + " " + probe + " port")
                            .isIn("http", String.valueOf(Repo.httpPort(name(deployment))));
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/dev", "overlays/prod"})
    void everyContainerListensOnItsServicePortAndTheServiceTargetsIt(String overlay) {
        Kustomize.Rendered r = Kustomize.render(overlay);
        for (JsonNode deployment : r.ofKind("Deployment")) {
            String svc = name(deployment);
            int port = Repo.httpPort(svc);
            JsonNode container = deployment.at("/spec/template/spec/containers/0");
            assertThat(container.at("/ports/0/containerPort").asInt())
                    .as(overlay + " " + svc + " containerPort")
                    .isEqualTo(port);
            JsonNode service = r.named("Service", svc).orElseThrow();
            assertThat(service.at("/spec/ports/0/port").asInt())
                    .as(overlay + " Service " + svc + " port")
                    .isEqualTo(port);
            assertThat(service.at("/spec/selector"))
                    .as(overlay + " Service " + svc + " selector")
                    .isEqualTo(deployment.at("/spec/selector/matchLabels"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/dev", "overlays/prod"})
    void everyContainerHasRequestsAndLimits(String overlay) {
        for (JsonNode pod : Kustomize.render(overlay).podSpecs()) {
            for (JsonNode c : list(pod.path("containers"))) {
                String who = overlay + " " + c.path("name").asText();
                for (String bound : List.of("requests", "limits")) {
                    for (String resource : List.of("cpu", "memory")) {
                        assertThat(c.at("/resources/" + bound + "/" + resource).asText())
                                .as("%s resources.%s.%s", who, bound, resource)
                                .isNotBlank();
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/dev", "overlays/prod"})
    void everyPodRunsNonRootReadOnlyWithoutCapabilitiesAndWithSeccomp(String overlay) {
        List<JsonNode> pods = Kustomize.render(overlay).podSpecs();
        assertThat(pods).as(overlay + " pod templates").isNotEmpty();
        for (JsonNode pod : pods) {
            assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean())
                    .as(overlay + " pod runAsNonRoot")
                    .isTrue();
            assertThat(pod.at("/securityContext/seccompProfile/type").asText())
                    .as(overlay + " pod seccompProfile")
                    .isEqualTo("RuntimeDefault");
            assertThat(pod.path("automountServiceAccountToken").asBoolean(true))
                    .as(overlay + " pod mounts no service account token")
                    .isFalse();
            assertThat(list(pod.path("topologySpreadConstraints")))
                    .as(overlay + " topologySpreadConstraints")
                    .isNotEmpty();
            Set<String> emptyDirs = list(pod.path("volumes")).stream()
                    .filter(v -> v.has("emptyDir"))
                    .map(v -> v.path("name").asText())
                    .collect(Collectors.toSet());
            for (JsonNode c : list(pod.path("containers"))) {
                String who = overlay + " " + c.path("name").asText();
                JsonNode sc = c.path("securityContext");
                assertThat(sc.path("readOnlyRootFilesystem").asBoolean())
                        .as(who + " readOnlyRootFilesystem")
                        .isTrue();
                assertThat(sc.path("allowPrivilegeEscalation").asBoolean(true))
                        .as(who + " allowPrivilegeEscalation")
                        .isFalse();
                assertThat(list(sc.at("/capabilities/drop")).stream().map(JsonNode::asText))
                        .as(who + " drops capabilities")
                        .contains("ALL");
                assertThat(list(sc.at("/capabilities/add")))
                        .as(who + " adds no capabilities")
                        .isEmpty();
                assertThat(sc.path("runAsUser").asInt(1)).as(who + " runAsUser").isNotZero();
                assertThat(pod.at("/securityContext/runAsUser").asInt(1))
                        .as(who + " pod runAsUser")
                        .isNotZero();
                // A read-only root filesystem needs a writable /tmp for the JVM, Vert.x and Netty.
                assertThat(list(c.path("volumeMounts")).stream()
                                .filter(m -> m.path("mountPath").asText().equals("/tmp"))
                                .map(m -> m.path("name").asText()))
                        .as(who + " mounts an emptyDir on /tmp")
                        .hasSize(1)
                        .allMatch(emptyDirs::contains);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/dev", "overlays/prod", "overlays/strimzi"})
    void everyImageIsPinned(String overlay) {
        for (JsonNode pod : Kustomize.render(overlay).podSpecs()) {
            for (String containers : List.of("initContainers", "containers")) {
                for (JsonNode c : list(pod.path(containers))) {
                    assertThat(c.path("image").asText())
                            .as(
                                    "%s %s image is pinned (a tag other than latest, or a digest)",
                                    overlay, c.path("name").asText())
                            .matches(Repo::isPinned, "pinned");
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/dev", "overlays/prod"})
    void configMapsHoldNoSecrets(String overlay) {
        for (JsonNode cm : Kustomize.render(overlay).ofKind("ConfigMap")) {
            for (Iterator<Map.Entry<String, JsonNode>> it = cm.path("data").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String who = overlay + " ConfigMap " + name(cm) + " key " + e.getKey();
                assertThat(e.getKey())
                        .as(who + " looks like a credential: put it in a Secret")
                        .doesNotMatch(SECRET_KEY);
                assertThat(e.getValue().asText())
                        .as(who + " holds a URI with credentials")
                        .doesNotContainPattern(URI_WITH_CREDENTIALS);
                assertThat(e.getValue().asText())
                        .as(who + " holds a secret-looking value")
                        .doesNotMatch(SECRET_VALUE);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/dev", "overlays/prod"})
    void credentialsReachContainersOnlyFromSecrets(String overlay) {
        Kustomize.Rendered r = Kustomize.render(overlay);
        for (JsonNode pod : r.podSpecs()) {
            for (JsonNode c : list(pod.path("containers"))) {
                Set<String> fromSecrets = list(c.path("env")).stream()
                        .filter(e -> e.has("valueFrom") && e.path("valueFrom").has("secretKeyRef"))
                        .map(e -> e.path("name").asText())
                        .collect(Collectors.toSet());
                for (JsonNode env : list(c.path("env"))) {
                    String var = env.path("name").asText();
                    if (SECRET_KEY.matcher(var).matches()
                            || var.equals("MONGODB_URI")
                            || var.startsWith("RAPPORT_SLACK_")) {
                        assertThat(fromSecrets)
                                .as(
                                        "%s %s: %s comes from a Secret",
                                        overlay, c.path("name").asText(), var)
                                .contains(var);
                    }
                    assertThat(env.path("value").asText())
                            .as(
                                    "%s %s: %s inline value",
                                    overlay, c.path("name").asText(), var)
                            .doesNotContainPattern(URI_WITH_CREDENTIALS);
                }
                assertThat(fromSecrets)
                        .as(
                                "%s %s: MongoDB connection from a Secret",
                                overlay, c.path("name").asText())
                        .contains("MONGODB_URI", "RAPPORT_BOOTSTRAP_ADMIN_KEY");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/prod", "overlays/strimzi"})
    void onlyTheDevOverlayShipsSecretValues(String overlay) {
        assertThat(Kustomize.render(overlay).ofKind("Secret"))
                .as(overlay + " ships no Secret: they are created beforehand")
                .isEmpty();
    }

    @org.junit.jupiter.api.Test
    void devSecretsAreObviouslyFakeAndCoverEveryReference() {
        Kustomize.Rendered dev = Kustomize.render("overlays/dev");
        for (JsonNode secret : dev.ofKind("Secret")) {
            for (Iterator<Map.Entry<String, JsonNode>> it = secret.path("data").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String value = new String(
                        java.util.Base64.getMimeDecoder().decode(e.getValue().asText()),
                        java.nio.charset.StandardCharsets.UTF_8);
                assertThat(value)
                        .as("dev Secret %s %s is obviously fake", name(secret), e.getKey())
                        .containsAnyOf("dev", "fake");
            }
        }
        Set<String> present = new java.util.HashSet<>();
        for (JsonNode secret : dev.ofKind("Secret")) {
            secret.path("data").fieldNames().forEachRemaining(key -> present.add(name(secret) + "/" + key));
        }
        assertThat(present).as("dev Secrets provide every referenced key").containsAll(secretReferences(dev));
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/dev", "overlays/prod"})
    void autoscalersNeverExceedThePartitionCount(String overlay) {
        Kustomize.Rendered r = Kustomize.render(overlay);
        int partitions = r.partitions();
        for (JsonNode hpa : r.ofKind("HorizontalPodAutoscaler")) {
            int max = hpa.at("/spec/maxReplicas").asInt();
            int min = hpa.at("/spec/minReplicas").asInt(1);
            assertThat(max)
                    .as("%s HPA %s maxReplicas <= %d partitions", overlay, name(hpa), partitions)
                    .isBetween(1, partitions);
            assertThat(min)
                    .as("%s HPA %s minReplicas <= maxReplicas", overlay, name(hpa))
                    .isBetween(1, max);
            assertThat(r.named("Deployment", hpa.at("/spec/scaleTargetRef/name").asText()))
                    .as("%s HPA %s targets a Deployment of this overlay", overlay, name(hpa))
                    .isPresent();
        }
        for (JsonNode deployment : r.ofKind("Deployment")) {
            assertThat(deployment.at("/spec/replicas").asInt(1))
                    .as("%s %s replicas <= partitions", overlay, name(deployment))
                    .isLessThanOrEqualTo(partitions);
        }
    }

    @org.junit.jupiter.api.Test
    void prodRunsSixPartitionsAndScalesToThem() {
        Kustomize.Rendered prod = Kustomize.render("overlays/prod");
        assertThat(prod.partitions()).as("prod KAFKA_PARTITIONS").isEqualTo(6);
        assertThat(prod.ofKind("HorizontalPodAutoscaler"))
                .allSatisfy(h -> assertThat(h.at("/spec/minReplicas").asInt())
                        .as("prod minReplicas")
                        .isGreaterThanOrEqualTo(2));
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/dev", "overlays/prod"})
    void disruptionBudgetsAndNetworkPoliciesSelectTheirService(String overlay) {
        Kustomize.Rendered r = Kustomize.render(overlay);
        for (JsonNode deployment : r.ofKind("Deployment")) {
            String svc = name(deployment);
            JsonNode podLabels = deployment.at("/spec/template/metadata/labels");
            JsonNode pdb = r.named("PodDisruptionBudget", svc).orElseThrow();
            assertThat(selects(pdb.at("/spec/selector/matchLabels"), podLabels))
                    .as(overlay + " PDB " + svc + " selects its pods")
                    .isTrue();
            assertThat(pdb.at("/spec/maxUnavailable").isMissingNode()
                            && pdb.at("/spec/minAvailable").isMissingNode())
                    .as(overlay + " PDB " + svc + " sets a budget")
                    .isFalse();

            JsonNode np = r.named("NetworkPolicy", svc).orElseThrow();
            assertThat(selects(np.at("/spec/podSelector/matchLabels"), podLabels))
                    .as(overlay + " NetworkPolicy " + svc + " selects its pods")
                    .isTrue();
            assertThat(list(np.at("/spec/policyTypes")).stream().map(JsonNode::asText))
                    .as(overlay + " NetworkPolicy " + svc)
                    .contains("Ingress", "Egress");
            for (JsonNode rule : list(np.at("/spec/ingress"))) {
                assertThat(list(rule.path("from")))
                        .as(overlay + " " + svc + " ingress rule names its sources")
                        .isNotEmpty();
                assertThat(list(rule.path("ports")).stream()
                                .map(p -> p.path("port").asText()))
                        .as(overlay + " " + svc + " ingress only to the service port")
                        .isNotEmpty()
                        .isSubsetOf(String.valueOf(Repo.httpPort(svc)), "http");
            }
            Set<String> egressPorts = list(np.at("/spec/egress")).stream()
                    .flatMap(e -> list(e.path("ports")).stream())
                    .map(p -> p.path("port").asText())
                    .collect(Collectors.toSet());
            assertThat(egressPorts)
                    .as(overlay + " " + svc + " egress: DNS, Kafka, MongoDB")
                    .contains("53", "9092", "27017");
            if (svc.equals("alert-service")) {
                assertThat(egressPorts)
                        .as(overlay + " alert-service egress: SMTP and HTTPS")
                        .contains("587", "443");
            } else {
                assertThat(egressPorts)
                        .as(overlay + " " + svc + " needs no HTTPS egress")
                        .doesNotContain("443");
            }
        }
    }

    @org.junit.jupiter.api.Test
    void prodIsMonitoredByServiceMonitorAndAlertsOnPlatformHealth() {
        Kustomize.Rendered prod = Kustomize.render("overlays/prod");
        assertThat(prod.ofKind("ServiceMonitor")).as("prod ServiceMonitor").hasSize(1);
        JsonNode sm = prod.ofKind("ServiceMonitor").get(0);
        assertThat(list(sm.at("/spec/endpoints")))
                .as("ServiceMonitor scrapes /q/metrics on the http port")
                .anySatisfy(e -> {
                    assertThat(e.path("path").asText()).isEqualTo("/q/metrics");
                    assertThat(e.path("port").asText()).isEqualTo("http");
                });
        for (JsonNode service : prod.ofKind("Service")) {
            assertThat(selects(sm.at("/spec/selector/matchLabels"), service.at("/metadata/labels")))
                    .as("ServiceMonitor selects Service " + name(service))
                    .isTrue();
            assertThat(service.at("/spec/ports/0/name").asText())
                    .as("Service port name")
                    .isEqualTo("http");
        }

        assertThat(prod.ofKind("PrometheusRule")).as("prod PrometheusRule").hasSize(1);
        String exprs = prod.ofKind("PrometheusRule").stream()
                .flatMap(rule -> list(rule.at("/spec/groups")).stream())
                .flatMap(g -> list(g.path("rules")).stream())
                .map(rule -> rule.path("expr").asText())
                .collect(Collectors.joining("\n"));
        assertThat(exprs)
                .as("alerts on consumer lag, dead letters, notification failures, readiness")
                .contains("kafka_consumer_fetch_manager_records_lag_max")
                .contains("rapport.dlq.v1")
                .contains("alert_notification_failures_total")
                .contains("kube_deployment_status_replicas_available")
                .containsPattern("\\bup\\{");
        prod.ofKind("PrometheusRule").stream()
                .flatMap(rule -> list(rule.at("/spec/groups")).stream())
                .flatMap(g -> list(g.path("rules")).stream())
                .forEach(rule -> {
                    assertThat(rule.path("alert").asText()).as("alert name").startsWith("Rapport");
                    assertThat(rule.at("/labels/severity").asText())
                            .as(rule.path("alert").asText() + " severity")
                            .isIn("warning", "critical");
                    assertThat(rule.at("/annotations/summary").asText())
                            .as(rule.path("alert").asText() + " summary")
                            .isNotBlank();
                });
    }

    @org.junit.jupiter.api.Test
    void prodShipsTheGrafanaDashboardAsAConfigMap() {
        JsonNode cm = Kustomize.render("overlays/prod")
                .generated("ConfigMap", "rapport-grafana-dashboard")
                .orElseThrow();
        assertThat(cm.at("/metadata/labels/grafana_dashboard").asText()).isEqualTo("1");
        assertThat(cm.at("/data/rapport.json").asText()).isEqualTo(Repo.read("deploy/grafana/dashboards/rapport.json"));
    }

    @org.junit.jupiter.api.Test
    void strimziTopicsMatchTheTopicListAndProdPartitions() {
        Kustomize.Rendered strimzi = Kustomize.render("overlays/strimzi");
        int prodPartitions = Kustomize.render("overlays/prod").partitions();
        List<JsonNode> topics = strimzi.ofKind("KafkaTopic");
        assertThat(topics.stream().map(t -> t.at("/spec/topicName").asText()))
                .as("KafkaTopic per Rapport topic")
                .containsExactlyInAnyOrderElementsOf(Repo.TOPICS);
        for (JsonNode t : topics) {
            String topic = t.at("/spec/topicName").asText();
            assertThat(t.at("/spec/partitions").asInt())
                    .as(topic + " partitions = prod KAFKA_PARTITIONS")
                    .isEqualTo(prodPartitions);
            assertThat(t.at("/metadata/labels/strimzi.io~1cluster").asText())
                    .as(topic + " strimzi.io/cluster")
                    .isNotBlank();
            assertThat(t.at("/spec/replicas").asInt()).as(topic + " replicas").isGreaterThanOrEqualTo(3);
        }
        assertThat(Kustomize.render("overlays/prod")
                        .generated("ConfigMap", "rapport-config")
                        .orElseThrow()
                        .at("/data/KAFKA_BOOTSTRAP_SERVERS")
                        .asText())
                .as("prod connects to the Strimzi cluster the topics belong to")
                .startsWith(
                        topics.get(0).at("/metadata/labels/strimzi.io~1cluster").asText() + "-kafka-bootstrap."
                                + topics.get(0).at("/metadata/namespace").asText());
    }

    @org.junit.jupiter.api.Test
    void docsNameEverySecretAndKeyTheProdManifestsReference() {
        String docs = Repo.read("docs/deploy.md");
        for (String ref : secretReferences(Kustomize.render("overlays/prod"))) {
            String secret = ref.substring(0, ref.indexOf('/'));
            String key = ref.substring(ref.indexOf('/') + 1);
            assertThat(docs)
                    .as("docs/deploy.md tells how to create Secret %s with key %s", secret, key)
                    .containsPattern("create secret generic " + Pattern.quote(secret) + "[^\\n]*(\\\\\\n[^\\n]*)*"
                            + Pattern.quote(key));
        }
    }

    /** Every "secret/key" that a container of the overlay reads (generated hash suffixes removed). */
    static Set<String> secretReferences(Kustomize.Rendered r) {
        return r.podSpecs().stream()
                .flatMap(p -> list(p.path("containers")).stream())
                .flatMap(c -> list(c.path("env")).stream())
                .map(e -> e.at("/valueFrom/secretKeyRef"))
                .filter(ref -> !ref.isMissingNode())
                .map(ref -> ref.path("name").asText() + "/" + ref.path("key").asText())
                .collect(Collectors.toSet());
    }

    private static boolean selects(JsonNode selector, JsonNode labels) {
        if (selector.isMissingNode() || selector.isEmpty()) {
            return false;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = selector.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().asText().equals(labels.path(e.getKey()).asText(null))) {
                return false;
            }
        }
        return true;
    }
}
