package io.rapport.alert.store;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import io.quarkus.runtime.StartupEvent;
import io.rapport.alert.config.AlertsConfig;
import io.rapport.alert.domain.rules.AlertRule;
import io.rapport.alert.domain.rules.RuleDefinition;
import io.rapport.alert.domain.rules.RuleValidationException;
import io.rapport.alert.domain.rules.RuleValidator;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The effective rule set: the shipped defaults (YAML, loaded and validated at start-up; a bad rule
 * stops the service naming the rule and the field) overlaid by the rules created, changed or
 * deleted through the API, which are kept in MongoDB ({@code alert_rules}) and take precedence. A
 * deleted default stays deleted (a tombstone). Cached for {@code rapport.alerts.rules-refresh}.
 */
@ApplicationScoped
public class RuleCatalog {
    static final String COLLECTION = "alert_rules";
    private static final ObjectMapper YAML =
            new ObjectMapper(new YAMLFactory()).disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MongoCollection<Document> stored;
    private final AlertsConfig config;
    private final Clock clock;
    private volatile Map<String, AlertRule> defaults;
    private volatile List<AlertRule> cached;
    private volatile long cachedAt;

    RuleCatalog(
            MongoClient client,
            @ConfigProperty(name = "quarkus.mongodb.database") String database,
            AlertsConfig config,
            Clock clock) {
        this.stored = client.getDatabase(database).getCollection(COLLECTION);
        this.config = config;
        this.clock = clock;
    }

    void onStart(@Observes StartupEvent event) {
        // Here so that a bad shipped rule stops the service at start-up.
        defaults();
    }

    /**
     * The shipped defaults, read on first use: a consumer or the scheduled evaluation can ask for the rules
     * before the start-up observer has run, and must not get (and cache) a rule set without them.
     */
    private Map<String, AlertRule> defaults() {
        Map<String, AlertRule> d = defaults;
        if (d == null) {
            synchronized (this) {
                d = defaults;
                if (d == null) {
                    d = loadDefaults(config.defaultRules());
                    defaults = d;
                }
            }
        }
        return d;
    }

    /** Reads and validates a rules YAML file ({@code rules:} list), from the classpath or a path. */
    public static Map<String, AlertRule> loadDefaults(String location) {
        Map<String, AlertRule> rules = new LinkedHashMap<>();
        try (InputStream in = open(location)) {
            Map<String, List<RuleDefinition>> file =
                    YAML.readValue(in, new TypeReference<Map<String, List<RuleDefinition>>>() {});
            List<RuleDefinition> definitions = file.getOrDefault("rules", List.of());
            for (int i = 0; i < definitions.size(); i++) {
                RuleDefinition d = definitions.get(i);
                try {
                    AlertRule rule = RuleValidator.validate(d);
                    if (rules.put(rule.id(), rule) != null) {
                        throw new IllegalStateException(
                                location + ": rules[" + i + "]: duplicate id '" + rule.id() + "'");
                    }
                } catch (RuleValidationException e) {
                    throw new IllegalStateException(
                            location + ": rules[" + i + "] (id " + d.id() + "): " + e.getMessage(), e);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("rapport.alerts.default-rules: cannot read " + location, e);
        }
        return Map.copyOf(rules);
    }

    /** Every rule, enabled or not, by id. */
    public List<AlertRule> all() {
        List<AlertRule> rules = cached;
        if (rules == null
                || System.nanoTime() - cachedAt > config.rulesRefresh().toNanos()) {
            rules = load();
            cached = rules;
            cachedAt = System.nanoTime();
        }
        return rules;
    }

    /** The enabled rules, which signals are evaluated on. */
    public List<AlertRule> enabled() {
        return all().stream().filter(AlertRule::enabled).toList();
    }

    /** One rule. */
    public Optional<AlertRule> find(String id) {
        return all().stream().filter(r -> r.id().equals(id)).findFirst();
    }

    /** Stores a rule (created or changed through the API); it takes precedence over a default. */
    public AlertRule save(AlertRule rule, String who) {
        Document definition = Document.parse(toJson(RuleValidator.toDefinition(rule)));
        stored.replaceOne(
                Filters.eq("_id", rule.id()),
                new Document("_id", rule.id())
                        .append("deleted", false)
                        .append("definition", definition)
                        .append("updatedBy", who)
                        .append("updatedAt", Date.from(clock.instant())),
                new ReplaceOptions().upsert(true));
        invalidate();
        return rule;
    }

    /** Deletes a rule: a tombstone keeps a deleted default from coming back at the next start. */
    public void delete(String id, String who) {
        stored.replaceOne(
                Filters.eq("_id", id),
                new Document("_id", id)
                        .append("deleted", true)
                        .append("updatedBy", who)
                        .append("updatedAt", Date.from(clock.instant())),
                new ReplaceOptions().upsert(true));
        invalidate();
    }

    /** Forgets the cache (after a local change). */
    public void invalidate() {
        cached = null;
    }

    private List<AlertRule> load() {
        Map<String, AlertRule> rules = new LinkedHashMap<>(defaults());
        for (Document d : stored.find()) {
            String id = d.getString("_id");
            if (d.getBoolean("deleted", false)) {
                rules.remove(id);
                continue;
            }
            try {
                Document definition = d.get("definition", Document.class);
                RuleDefinition parsed = JSON.readValue(definition.toJson(), RuleDefinition.class);
                rules.put(id, RuleValidator.validate(parsed.withId(id)));
            } catch (IOException | RuleValidationException e) {
                // A stored rule that no longer validates must not take the others down: it is skipped.
                org.jboss.logging.Logger.getLogger(RuleCatalog.class)
                        .errorf("Stored rule %s is invalid and skipped: %s", id, e.getMessage());
            }
        }
        List<AlertRule> out = new ArrayList<>(rules.values());
        out.sort(Comparator.comparing(AlertRule::id));
        return List.copyOf(out);
    }

    private static String toJson(RuleDefinition d) {
        try {
            return JSON.writeValueAsString(d);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream open(String location) throws IOException {
        InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(location);
        if (in != null) {
            return in;
        }
        Path path = Path.of(location);
        if (Files.isReadable(path)) {
            return Files.newInputStream(path);
        }
        throw new IOException("no classpath resource or file " + location);
    }
}
