package io.rapport.scoring.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.equalTo;

import com.mongodb.client.MongoClient;
import com.mongodb.client.model.Filters;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.security.TestSecurity;
import io.rapport.common.event.AccountKind;
import io.rapport.common.event.RapportEvent;
import io.rapport.common.event.ScoreCause;
import io.rapport.common.event.ScoreChangedEvent;
import io.rapport.common.event.Transactions;
import io.rapport.common.kafka.Topics;
import io.rapport.localstack.testing.EmbeddedInfrastructureResource;
import io.rapport.localstack.testing.KafkaTestClient;
import io.rapport.scoring.clv.ClvService;
import io.rapport.scoring.domain.AccountState;
import io.rapport.scoring.domain.Accounts;
import io.rapport.scoring.domain.Events;
import io.rapport.scoring.domain.clv.BgNbdFitter;
import io.rapport.scoring.domain.clv.FittedBgNbd;
import io.rapport.scoring.domain.clv.FittedGammaGamma;
import io.rapport.scoring.domain.clv.GammaGammaFitter;
import io.rapport.scoring.domain.clv.RepeatPurchaseSummary;
import io.rapport.scoring.pipeline.ScheduledJobs;
import io.rapport.scoring.store.AccountStateRepository;
import io.rapport.scoring.store.StoredAccount;
import io.rapport.scoring.testing.MutableClock;
import io.rapport.scoring.testing.ScoreTopic;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import io.restassured.path.json.config.JsonPathConfig.NumberReturnType;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Guards the CLV refit's success path end to end: order histories of a few dozen accounts in the store, {@code POST
 * /v1/models/clv/refit} fits BG/NBD and Gamma-Gamma over exactly those accounts, stores version 1 in
 * {@code clv_models}, rescores the base (cause {@code model_refit}) so each account's score carries
 * P(alive), expected transactions and predicted value with the model version; an account that never
 * ordered has no CLV figures; a second refit over the same data stores version 2 with the same parameters,
 * and republishes every account with figures under it although no score moved.
 *
 * <p>Its own profile gives it its own database and consumer group (reading from the end of the topics), so
 * the shared store the other test classes see keeps no model (ScoreResourceTest expects the refit to be
 * skipped) and none of these accounts, and this app's store holds only what this test writes. The accounts
 * are written to the store rather than sent through Kafka: the topics are shared, and the default-profile
 * app (consumer group {@code scoring-service}, earliest offset) would ingest them too whenever it starts
 * after this class.
 */
@QuarkusTest
@TestProfile(ClvRefitTest.OwnStoreAndFewRepeatBuyers.class)
@WithTestResource(EmbeddedInfrastructureResource.class)
class ClvRefitTest {
    static final String DATABASE = "rapport_scoring_clv_refit_test";
    static final int MIN_REPEAT_BUYERS = 20;
    static final int HORIZON_DAYS = 90;

    /** Own database and consumer group; fewer repeat buyers needed than in production. */
    public static class OwnStoreAndFewRepeatBuyers implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.mongodb.database",
                    DATABASE,
                    "rapport.scoring.clv-min-repeat-buyers",
                    String.valueOf(MIN_REPEAT_BUYERS),
                    "rapport.scoring.clv-horizon-days",
                    String.valueOf(HORIZON_DAYS),
                    // The broker is shared with the other classes: ingest none of their records.
                    "mp.messaging.incoming.events.group.id",
                    "scoring-service-clv-refit-test",
                    "mp.messaging.incoming.events.auto.offset.reset",
                    "latest");
        }
    }

    /** Numbers as doubles: REST Assured reads floats by default, too coarse to compare fitted parameters. */
    private static final JsonPathConfig DOUBLES =
            JsonPathConfig.jsonPathConfig().numberReturnType(NumberReturnType.DOUBLE);

    private static final String NEVER_ORDERED = "acc-clv-never-ordered";

    @Inject
    AccountStateRepository states;

    @Inject
    MutableClock clock;

    @Inject
    ScheduledJobs jobs;

    @Inject
    MongoClient mongo;

    @ConfigProperty(name = "quarkus.mongodb.database")
    String database;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    @TestSecurity(user = "t", roles = "admin")
    void refitFitsTheBaseStoresAVersionAndRescoresEveryAccountWithIt() {
        assertThat(database).isEqualTo(DATABASE);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        clock.freezeAt(now);
        Map<String, List<RapportEvent>> histories = orderHistories(new Random(20261127), now);
        RapportEvent marker =
                new Events(NEVER_ORDERED).account(now.minus(Duration.ofDays(30)), AccountKind.CUSTOMER, "gold");

        // What was arranged, counted independently of the service: orders of one UTC day are one purchase.
        int buyers = 0;
        int repeatBuyers = 0;
        for (List<RapportEvent> events : histories.values()) {
            Set<LocalDate> orderDays = new TreeSet<>();
            events.stream()
                    .filter(e -> e instanceof Transactions.Order)
                    .forEach(e -> orderDays.add(AccountState.dayOf(e.occurredAt())));
            if (!orderDays.isEmpty()) buyers++;
            if (orderDays.size() > 1) repeatBuyers++;
        }
        assertThat(repeatBuyers).isGreaterThanOrEqualTo(MIN_REPEAT_BUYERS);
        assertThat(buyers).isGreaterThan(repeatBuyers);

        try (KafkaTestClient kafka = KafkaTestClient.shared()) {
            // Written straight to this test's store: events sent to the shared topics would also be read by
            // the default-profile app of the other classes (group scoring-service, from the earliest offset)
            // whenever it starts after this class, and land in their store.
            List<StoredAccount> arranged = new ArrayList<>();
            histories.forEach((id, events) -> arranged.add(new StoredAccount(Accounts.fold(id, events), null, 0)));
            arranged.add(new StoredAccount(Accounts.fold(NEVER_ORDERED, List.of(marker)), null, 0));
            assertThat(states.saveAll(arranged, now)).isEmpty();
            // The scores before any model, as the event path would have published them.
            assertThat(jobs.recomputeAll(ScoreCause.TIME_DECAY)).isEqualTo(arranged.size());
            histories
                    .keySet()
                    .forEach(id -> assertThat(ScoreTopic.parse(states.find(id)
                                            .orElseThrow()
                                            .published()
                                            .eventJson())
                                    .clv())
                            .as(id)
                            .isNull());
            assertThat(states.count()).isEqualTo(histories.size() + 1);
            given().when().get("/v1/models/clv").then().statusCode(404);

            // Act: the first refit.
            JsonPath refit = given().when()
                    .post("/v1/models/clv/refit")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath()
                    .using(DOUBLES);
            assertThat(refit.getString("status")).isEqualTo("fitted");
            assertThat(refit.getString("model.version")).isEqualTo("clv-v1");

            // The model: fitted now over exactly the arranged accounts, with the parameters of a fit of their
            // purchase summaries.
            JsonPath model = currentModel();
            assertThat(model.getString("version")).isEqualTo("clv-v1");
            assertThat(Instant.parse(model.getString("fittedAt"))).isEqualTo(now);
            assertThat(model.getString("timeUnit")).isEqualTo("days");
            assertThat(model.getInt("accounts")).isEqualTo(buyers);
            assertThat(model.getInt("repeatBuyers")).isEqualTo(repeatBuyers);
            assertThat(model.getInt("horizonDays")).isEqualTo(HORIZON_DAYS);
            for (String field : List.of("bgNbdLogLikelihood", "gammaGammaLogLikelihood")) {
                assertThat(model.getDouble(field)).as(field).isFinite().isNegative();
            }
            Map<String, Double> bg = params(model, "bgNbd");
            Map<String, Double> gg = params(model, "gammaGamma");
            assertThat(bg).containsOnlyKeys("r", "alpha", "a", "b");
            assertThat(gg).containsOnlyKeys("p", "q", "gamma");
            bg.forEach((k, v) -> assertThat(v).as(k).isFinite().isPositive());
            gg.forEach((k, v) -> assertThat(v).as(k).isFinite().isPositive());

            List<RepeatPurchaseSummary> summaries = new ArrayList<>();
            histories.forEach((id, events) -> {
                RepeatPurchaseSummary s = ClvService.summary(Accounts.fold(id, events), now);
                if (s != null) summaries.add(s);
            });
            FittedBgNbd referenceBg = new BgNbdFitter().fit(summaries);
            FittedGammaGamma referenceGg = new GammaGammaFitter().fit(summaries);
            assertThat(model.getBoolean("bgNbdConverged")).isEqualTo(referenceBg.converged());
            assertThat(bg.get("r")).isCloseTo(referenceBg.model().r(), within(1e-6));
            assertThat(bg.get("alpha")).isCloseTo(referenceBg.model().alpha(), within(1e-6));
            assertThat(bg.get("a")).isCloseTo(referenceBg.model().a(), within(1e-6));
            assertThat(bg.get("b")).isCloseTo(referenceBg.model().b(), within(1e-6));
            assertThat(model.getDouble("bgNbdLogLikelihood")).isCloseTo(referenceBg.logLikelihood(), within(1e-6));
            assertThat(gg.get("p")).isCloseTo(referenceGg.model().p(), within(1e-6));
            assertThat(gg.get("q")).isCloseTo(referenceGg.model().q(), within(1e-6));
            assertThat(gg.get("gamma")).isCloseTo(referenceGg.model().gamma(), within(1e-6));
            assertThat(model.getDouble("gammaGammaLogLikelihood")).isCloseTo(referenceGg.logLikelihood(), within(1e-6));

            // Stored as version 1 in this test's own database, with the data it was fitted on.
            List<Document> stored = models(DATABASE);
            assertThat(stored).hasSize(1);
            Document v1 = stored.get(0);
            assertThat(((Number) v1.get("_id")).longValue()).isEqualTo(1L);
            assertThat(v1.getDate("fittedAt").toInstant()).isEqualTo(now);
            assertThat(v1.getInteger("accounts")).isEqualTo(buyers);
            assertThat(v1.getInteger("repeatBuyers")).isEqualTo(repeatBuyers);
            assertThat(v1.get("bgNbd", Document.class).getDouble("r")).isEqualTo(bg.get("r"));
            assertThat(v1.get("gammaGamma", Document.class).getDouble("gamma")).isEqualTo(gg.get("gamma"));
            assertThat(v1.get("rfm", Document.class).getList("frequency", Double.class))
                    .hasSize(buyers);

            // Every account that ordered is now scored with the model's figures.
            histories.keySet().forEach(id -> assertCarriesClv(id, "clv-v1"));
            JsonPath never = score(NEVER_ORDERED);
            assertThat(never.getString("modelVersion")).isNull();
            assertThat(never.getMap("clv")).isNull();
            assertThat(never.getMap("rfm")).isNull();

            // The rescore published the scores the new figures moved, with cause model_refit, the model
            // version and the figures; each of them is on the topic.
            Map<String, ScoreChangedEvent> refitScores = new LinkedHashMap<>();
            for (String id : histories.keySet()) {
                StoredAccount a = states.find(id).orElseThrow();
                ScoreChangedEvent last = ScoreTopic.parse(a.published().eventJson());
                if (last.cause() == ScoreCause.MODEL_REFIT) refitScores.put(last.eventId(), last);
            }
            Map<String, Long> revisionsAfterFirstRefit = new LinkedHashMap<>();
            histories
                    .keySet()
                    .forEach(id -> revisionsAfterFirstRefit.put(
                            id, states.find(id).orElseThrow().published().revision()));
            assertThat(refitScores).as("scores republished by the refit").isNotEmpty();
            refitScores.values().forEach(s -> {
                assertThat(s.modelVersion()).as(s.accountId()).isEqualTo("clv-v1");
                assertThat(s.causingEventId()).isNull();
                assertThat(s.clv()).as(s.accountId()).isNotNull();
                assertThat(s.clv().pAlive()).isBetween(0.0, 1.0);
                assertThat(s.clv().expectedTransactions()).isGreaterThanOrEqualTo(0.0);
                assertThat(s.clv().predictedValue()).isGreaterThanOrEqualTo(BigDecimal.ZERO);
                assertThat(s.clv().horizonDays()).isEqualTo(HORIZON_DAYS);
                assertThat(s.clv().currency()).isEqualTo("EUR");
                assertThat(s.rfm()).isNotNull();
            });
            Set<String> unseen = new HashSet<>(refitScores.keySet());
            kafka.readUntil(
                    Topics.SCORES,
                    r -> unseen.remove(ScoreTopic.parse(r.value()).eventId()) && unseen.isEmpty(),
                    Duration.ofSeconds(30));
            assertThat(unseen)
                    .as("model_refit scores not found on " + Topics.SCORES)
                    .isEmpty();
            String refitted = refitScores.values().iterator().next().accountId();
            given().when()
                    .get("/v1/accounts/{id}/score/history", refitted)
                    .then()
                    .statusCode(200)
                    .body("entries[0].cause", equalTo("model_refit"));

            // A second refit over the same data (time stands still): a new version, the same parameters.
            JsonPath second = given().when()
                    .post("/v1/models/clv/refit")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath()
                    .using(DOUBLES);
            assertThat(second.getString("status")).isEqualTo("fitted");
            JsonPath model2 = currentModel();
            assertThat(model2.getString("version")).isEqualTo("clv-v2");
            assertThat(model2.getInt("accounts")).isEqualTo(buyers);
            assertThat(model2.getInt("repeatBuyers")).isEqualTo(repeatBuyers);
            params(model2, "bgNbd").forEach((k, v) -> assertThat(v).as(k).isCloseTo(bg.get(k), within(1e-9)));
            params(model2, "gammaGamma").forEach((k, v) -> assertThat(v).as(k).isCloseTo(gg.get(k), within(1e-9)));
            assertThat(models(DATABASE))
                    .extracting(d -> ((Number) d.get("_id")).longValue())
                    .containsExactly(1L, 2L);
            histories.keySet().forEach(id -> assertCarriesClv(id, "clv-v2"));
            // A new model is published even though no score moved: every account with figures gets its next
            // revision naming clv-v2 (consumers such as the value tiers read the figures from the topic);
            // the account that never ordered has no figures and is not republished.
            histories.keySet().forEach(id -> {
                StoredAccount a = states.find(id).orElseThrow();
                ScoreChangedEvent last = ScoreTopic.parse(a.published().eventJson());
                if (id.equals(NEVER_ORDERED)) {
                    assertThat(a.published().revision()).as(id).isEqualTo(revisionsAfterFirstRefit.get(id));
                } else {
                    assertThat(a.published().revision()).as(id).isEqualTo(revisionsAfterFirstRefit.get(id) + 1);
                    assertThat(last.modelVersion()).as(id).isEqualTo("clv-v2");
                    assertThat(last.cause()).isEqualTo(ScoreCause.MODEL_REFIT);
                }
            });
            given().when()
                    .get("/v1/accounts/{id}/score/history", refitted)
                    .then()
                    .statusCode(200)
                    .body("entries[0].reasons", org.hamcrest.Matchers.hasItem("lifetime-value model clv-v1 -> clv-v2"));

            // Isolation: the store the other test classes share has neither a model nor these accounts.
            String shared = "rapport_scoring";
            assertThat(models(shared)).isEmpty();
            assertThat(mongo.getDatabase(shared)
                            .getCollection("account_states")
                            .countDocuments(Filters.in("_id", new ArrayList<>(histories.keySet()))))
                    .isZero();
        }
    }

    /** The account's explained score carries figures of model {@code version} within their ranges. */
    private void assertCarriesClv(String id, String version) {
        JsonPath s = score(id);
        assertThat(s.getString("modelVersion")).as(id).isEqualTo(version);
        assertThat(s.getDouble("clv.pAlive")).as(id).isBetween(0.0, 1.0);
        assertThat(s.getDouble("clv.expectedTransactions")).as(id).isGreaterThanOrEqualTo(0.0);
        assertThat(new BigDecimal(s.getString("clv.predictedValue"))).as(id).isGreaterThanOrEqualTo(BigDecimal.ZERO);
        assertThat(s.getInt("clv.horizonDays")).as(id).isEqualTo(HORIZON_DAYS);
        for (String q : List.of("recency", "frequency", "monetary")) {
            assertThat(s.getInt("rfm." + q)).as(id + " rfm " + q).isBetween(1, 5);
        }
    }

    private static JsonPath score(String id) {
        return given().accept(ContentType.JSON)
                .when()
                .get("/v1/accounts/{id}/score", id)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .using(DOUBLES);
    }

    private static JsonPath currentModel() {
        return given().when()
                .get("/v1/models/clv")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .using(DOUBLES);
    }

    private static Map<String, Double> params(JsonPath model, String name) {
        Map<String, Double> out = new LinkedHashMap<>();
        model.<String, Number>getMap(name).forEach((k, v) -> out.put(k, v.doubleValue()));
        return out;
    }

    private List<Document> models(String db) {
        return mongo.getDatabase(db)
                .getCollection("clv_models")
                .find()
                .sort(new Document("_id", 1))
                .into(new ArrayList<>());
    }

    /**
     * Order histories of a customer base over the last year: most accounts buy repeatedly at their own rate
     * (some stop buying), a few bought once; amounts vary per account.
     */
    static Map<String, List<RapportEvent>> orderHistories(Random r, Instant now) {
        Map<String, List<RapportEvent>> histories = new LinkedHashMap<>();
        for (int i = 1; i <= 36; i++) {
            String id = String.format("acc-clv-%03d", i);
            Events ev = new Events(id);
            List<RapportEvent> events = new ArrayList<>();
            events.add(ev.account(now.minus(Duration.ofDays(400)), AccountKind.CUSTOMER, "gold"));
            boolean oneOff = i % 6 == 0;
            double meanGapDays = 10 + r.nextDouble() * 50;
            double typicalAmount = 200 + r.nextDouble() * 4000;
            long day = 330 - r.nextInt(200);
            // Dropout after some purchase for about a third of the repeat buyers.
            int stopAfter = r.nextInt(3) == 0 ? 2 + r.nextInt(4) : Integer.MAX_VALUE;
            int orders = 0;
            while (day > 1 && orders < 14) {
                Instant at = now.minus(Duration.ofDays(day)).minus(Duration.ofHours(3));
                BigDecimal amount = BigDecimal.valueOf(typicalAmount * (0.6 + 0.8 * r.nextDouble()))
                        .setScale(2, RoundingMode.HALF_UP);
                events.add(ev.order(at, "o-" + orders, amount.toPlainString()));
                orders++;
                if (oneOff || orders >= stopAfter) break;
                day -= 1 + Math.round(-meanGapDays * Math.log(1 - r.nextDouble()));
            }
            histories.put(id, events);
        }
        return histories;
    }
}
