package io.rapport.alert.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rapport.alert.config.AlertsConfig;
import io.rapport.alert.domain.rules.AlertRule;
import io.rapport.localstack.testing.EmbeddedInfrastructureResource;
import jakarta.inject.Inject;
import java.time.Clock;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** {@link RuleCatalog} before its start-up observer ran. */
@QuarkusTest
@WithTestResource(EmbeddedInfrastructureResource.class)
class RuleCatalogTest {
    @Inject
    MongoClient client;

    @ConfigProperty(name = "quarkus.mongodb.database")
    String database;

    @Inject
    AlertsConfig config;

    @Inject
    Clock clock;

    /**
     * Regression guard: the scheduled time-based evaluation (or a consumer) can ask for the rules before
     * the StartupEvent observer loaded the shipped defaults; it got an empty rule set, cached for
     * {@code rules-refresh} (10 s in production), and events in that window fired nothing (seen as a
     * benchmark with no alert at all when the events came within 10 s of the start).
     */
    @Test
    void rulesAskedForBeforeTheStartUpObserverIncludeTheShippedDefaults() {
        RuleCatalog fresh = new RuleCatalog(client, database, config, clock);
        assertThat(fresh.enabled()).extracting(AlertRule::id).contains("detractor-survey", "score-below-40");
    }
}
