package io.rapport.localstack.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Quarkus test resource pointing a service at the JVM's {@link SharedInfrastructure}: one broker and
 * one store per test JVM, reused by every {@code @QuarkusTest} that names this resource.
 */
public class EmbeddedInfrastructureResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        SharedInfrastructure infra = SharedInfrastructure.get();
        return Map.of(
                "kafka.bootstrap.servers", infra.bootstrapServers(),
                "quarkus.mongodb.connection-string", infra.mongoConnectionString());
    }

    @Override
    public void stop() {
        // Shared for the whole JVM; stopped by the shutdown hook of SharedInfrastructure.
    }
}
