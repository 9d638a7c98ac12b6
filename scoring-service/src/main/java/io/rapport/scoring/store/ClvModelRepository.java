package io.rapport.scoring.store;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Sorts;
import io.rapport.scoring.clv.ClvModel;
import io.rapport.scoring.domain.clv.BgNbdModel;
import io.rapport.scoring.domain.clv.GammaGammaModel;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** {@code clv_models}: every fitted version of the lifetime-value models ({@code _id} = version). */
@ApplicationScoped
public class ClvModelRepository {
    static final String COLLECTION = "clv_models";

    private final MongoCollection<Document> models;

    ClvModelRepository(MongoClient client, @ConfigProperty(name = "quarkus.mongodb.database") String database) {
        this.models = client.getDatabase(database).getCollection(COLLECTION);
    }

    /** Stores a new version. */
    public void insert(ClvModel m) {
        models.insertOne(new Document("_id", m.version())
                .append("fittedAt", Date.from(m.fittedAt()))
                .append(
                        "bgNbd",
                        new Document("r", m.bgNbd().r())
                                .append("alpha", m.bgNbd().alpha())
                                .append("a", m.bgNbd().a())
                                .append("b", m.bgNbd().b())
                                .append("logLikelihood", m.bgNbdLogLikelihood())
                                .append("converged", m.bgNbdConverged()))
                .append(
                        "gammaGamma",
                        new Document("p", m.gammaGamma().p())
                                .append("q", m.gammaGamma().q())
                                .append("gamma", m.gammaGamma().gamma())
                                .append("logLikelihood", m.gammaGammaLogLikelihood()))
                .append("accounts", m.accounts())
                .append("repeatBuyers", m.repeatBuyers())
                .append("horizonDays", m.horizonDays())
                .append("timeUnit", "days")
                .append(
                        "rfm",
                        new Document("recency", list(m.rfm().recency()))
                                .append("frequency", list(m.rfm().frequency()))
                                .append("monetary", list(m.rfm().monetary()))));
    }

    /** The latest version, if any was fitted. */
    public Optional<ClvModel> latest() {
        Document d = models.find().sort(Sorts.descending("_id")).first();
        if (d == null) return Optional.empty();
        Document bg = d.get("bgNbd", Document.class);
        Document gg = d.get("gammaGamma", Document.class);
        Document rfm = d.get("rfm", Document.class);
        return Optional.of(new ClvModel(
                ((Number) d.get("_id")).longValue(),
                d.getDate("fittedAt").toInstant(),
                new BgNbdModel(bg.getDouble("r"), bg.getDouble("alpha"), bg.getDouble("a"), bg.getDouble("b")),
                bg.getDouble("logLikelihood"),
                Boolean.TRUE.equals(bg.getBoolean("converged")),
                new GammaGammaModel(gg.getDouble("p"), gg.getDouble("q"), gg.getDouble("gamma")),
                gg.getDouble("logLikelihood"),
                d.getInteger("accounts"),
                d.getInteger("repeatBuyers"),
                d.getInteger("horizonDays"),
                new ClvModel.RfmDistribution(array(rfm, "recency"), array(rfm, "frequency"), array(rfm, "monetary"))));
    }

    /** The next version number. */
    public long nextVersion() {
        return latest().map(m -> m.version() + 1).orElse(1L);
    }

    private static List<Double> list(double[] a) {
        List<Double> l = new ArrayList<>(a.length);
        for (double v : a) l.add(v);
        return l;
    }

    private static double[] array(Document d, String field) {
        List<Double> l = d.getList(field, Double.class);
        double[] a = new double[l.size()];
        for (int i = 0; i < a.length; i++) a[i] = l.get(i);
        return a;
    }
}
