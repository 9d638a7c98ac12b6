package io.rapport.alert.notify;

import io.rapport.alert.domain.routing.AlertingConfig;
import io.rapport.alert.domain.routing.AlertingConfigException;
import io.rapport.alert.domain.routing.AlertingConfigParser;
import io.rapport.alert.domain.routing.RoutingTree;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The alerting configuration ({@code alertmanager.yml} format) loaded once at start-up from {@code
 * rapport.alert.routing-file}: {@code classpath:} resource or file path. {@code ${VAR}} placeholders
 * resolve from configuration, so environment variables in production and profile defaults
 * ({@code %dev.RAPPORT_...}) locally. An invalid file stops the service, naming the property.
 */
@ApplicationScoped
public class RoutingConfiguration {

    private final AlertingConfig config;
    private final RoutingTree tree;
    private final String source;

    RoutingConfiguration(
            @ConfigProperty(name = "rapport.alert.routing-file", defaultValue = "classpath:routing/default-routing.yml")
                    String location,
            Config mpConfig) {
        this.source = location;
        AlertingConfigParser parser = new AlertingConfigParser(
                name -> mpConfig.getOptionalValue(name, String.class).orElse(null));
        try (InputStream in = open(location)) {
            this.config = parser.parse(in);
        } catch (IOException e) {
            throw new IllegalStateException(
                    "rapport.alert.routing-file: cannot read " + location + ": " + e.getMessage(), e);
        } catch (AlertingConfigException e) {
            throw new IllegalStateException("rapport.alert.routing-file (" + location + "): " + e.getMessage(), e);
        }
        this.tree = config.routingTree();
    }

    private static InputStream open(String location) throws IOException {
        if (location.startsWith("classpath:")) {
            String resource = location.substring("classpath:".length());
            InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource);
            if (in == null) {
                throw new IOException("no such classpath resource");
            }
            return in;
        }
        return Files.newInputStream(Path.of(location));
    }

    public AlertingConfig config() {
        return config;
    }

    public RoutingTree tree() {
        return tree;
    }

    /** Where the configuration was read from. */
    public String source() {
        return source;
    }
}
