package io.rapport.deployment;

import static io.rapport.deployment.Kustomize.list;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The committed Grafana dashboard parses and shows what the platform's operators look at. */
class GrafanaDashboardTest {

    /** Panel title to the metric its query must read. */
    static final Map<String, String> REQUIRED_PANELS = Map.of(
            "Events/s by type", "ingest_events_total",
            "Consumer lag", "kafka_consumer_fetch_manager_records_lag_max",
            "Score distribution", "scoring_score_bucket",
            "Segment sizes", "segmentation_segment_size",
            "Alerts by topic", "alert_alerts_total",
            "Notification outcomes", "alert_notifications_total");

    static JsonNode dashboard;

    @BeforeAll
    static void parse() throws Exception {
        dashboard = new ObjectMapper().readTree(Repo.read("deploy/grafana/dashboards/rapport.json"));
    }

    @Test
    void hasTheRequiredPanelsEachReadingItsMetric() {
        Map<String, String> queries = list(dashboard.path("panels")).stream()
                .collect(Collectors.toMap(
                        p -> p.path("title").asText(),
                        p -> list(p.path("targets")).stream()
                                .map(t -> t.path("expr").asText())
                                .collect(Collectors.joining("\n"))));
        REQUIRED_PANELS.forEach((title, metric) -> assertThat(queries)
                .as("panel " + title)
                .containsKey(title)
                .extractingByKey(title)
                .asString()
                .contains(metric));
        assertThat(queries.values()).as("scoring events shown").anyMatch(q -> q.contains("scoring_events_total"));
    }

    @Test
    void panelsHaveUniqueIdsAPlaceAndTheDatasourceVariable() {
        Set<Integer> ids = list(dashboard.path("panels")).stream()
                .map(p -> p.path("id").asInt())
                .collect(Collectors.toSet());
        assertThat(ids).hasSize(dashboard.path("panels").size()).doesNotContain(0);
        for (JsonNode p : list(dashboard.path("panels"))) {
            assertThat(p.has("gridPos"))
                    .as(p.path("title").asText() + " gridPos")
                    .isTrue();
            assertThat(p.at("/datasource/uid").asText())
                    .as(p.path("title").asText() + " datasource")
                    .isEqualTo("${datasource}");
        }
        assertThat(dashboard.path("uid").asText()).isEqualTo("rapport-overview");
    }

    @Test
    void theKubernetesCopyIsIdentical() {
        assertThat(Repo.read("k8s/components/grafana-dashboard/rapport.json"))
                .as("k8s copy: run python3 deploy/grafana/generate-dashboard.py")
                .isEqualTo(Repo.read("deploy/grafana/dashboards/rapport.json"));
    }

    @Test
    void docsListEveryMetricTheDashboardReads() {
        String docs = Repo.read("docs/deploy.md");
        REQUIRED_PANELS
                .values()
                .forEach(metric ->
                        assertThat(docs).as("docs/deploy.md lists " + metric).contains(metric));
    }
}
