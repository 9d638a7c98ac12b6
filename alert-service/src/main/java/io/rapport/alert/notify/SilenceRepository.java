package io.rapport.alert.notify;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;
import io.rapport.alert.domain.routing.Matcher;
import io.rapport.alert.domain.routing.MatcherParser;
import io.rapport.alert.domain.silence.Silence;
import io.rapport.alert.domain.silence.Silences;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Silences in {@code silences} ({@code _id} = silence id); matchers are stored in Alertmanager's
 * text form and parsed back with the same parser that validated them.
 */
@ApplicationScoped
public class SilenceRepository {
    static final String COLLECTION = "silences";

    private final MongoCollection<Document> silences;

    SilenceRepository(MongoClient client, @ConfigProperty(name = "quarkus.mongodb.database") String database) {
        this.silences = client.getDatabase(database).getCollection(COLLECTION);
        silences.createIndex(Indexes.ascending("endsAt"));
    }

    public void insert(Silence s) {
        silences.insertOne(new Document("_id", s.id())
                .append("matchers", s.matchers().stream().map(Matcher::toString).toList())
                .append("startsAt", Date.from(s.startsAt()))
                .append("endsAt", Date.from(s.endsAt()))
                .append("createdBy", s.createdBy())
                .append("comment", s.comment())
                .append("updatedAt", Date.from(Instant.now())));
    }

    public Optional<Silence> find(String id) {
        return Optional.ofNullable(silences.find(Filters.eq("_id", id)).first()).map(SilenceRepository::toDomain);
    }

    /** All silences, newest first. */
    public List<Silence> all() {
        List<Silence> out = new ArrayList<>();
        silences.find().sort(new Document("startsAt", -1)).forEach(d -> out.add(toDomain(d)));
        return out;
    }

    /** Silences not yet expired at {@code now} (active and pending), as a domain set. */
    public Silences notExpired(Instant now) {
        List<Silence> out = new ArrayList<>();
        silences.find(Filters.gte("endsAt", Date.from(now))).forEach(d -> out.add(toDomain(d)));
        return new Silences(out);
    }

    /**
     * Expires a silence at {@code now}: its end moves to now (a pending one's start too, as in
     * Alertmanager). False if there is none or it already expired.
     */
    public boolean expire(String id, Instant now) {
        Silence s = find(id).orElse(null);
        if (s == null || s.endsAt().isBefore(now)) {
            return false;
        }
        Date at = Date.from(now);
        var update = s.startsAt().isAfter(now)
                ? Updates.combine(Updates.set("endsAt", at), Updates.set("startsAt", at))
                : Updates.set("endsAt", at);
        return silences.updateOne(Filters.eq("_id", id), update).getModifiedCount() == 1;
    }

    private static Silence toDomain(Document d) {
        List<Matcher> matchers = d.getList("matchers", String.class).stream()
                .map(MatcherParser::parseMatcher)
                .toList();
        return new Silence(
                d.getString("_id"),
                matchers,
                d.getDate("startsAt").toInstant(),
                d.getDate("endsAt").toInstant(),
                d.getString("createdBy"),
                d.getString("comment"));
    }
}
