package io.rapport.benchmarks.segmentation;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import io.rapport.benchmarks.BenchmarkEnvironment;
import io.rapport.localstack.ServiceProcess;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;
import org.bson.Document;
import org.bson.conversions.Bson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./benchmark segmentation}: loads accounts straight into the embedded store (memory backend),
 * then measures a 100-member page, the CSV export and the back-fill of a new definition through the
 * segmentation service, each next to the same operation issued directly through the driver.
 */
@Command(
        name = "segmentation",
        mixinStandardHelpOptions = true,
        description = "Member pages, CSV export and back-fill of segmentation-service vs bare driver references.")
public final class SegmentationBenchmark implements Callable<Integer> {
    private static final String TOKEN =
            "rk_benchmark_" + java.util.UUID.randomUUID().toString().replace("-", "");
    private static final String DB = "rapport_segmentation";
    private static final String SEGMENT = "bench-page";
    /** SegmentResource.EXPORT_COLUMNS: the fields the export fetches. */
    private static final List<String> EXPORT_COLUMNS = List.of(
            "accountId",
            "score",
            "band",
            "lifecycle",
            "predictedValue",
            "valueTier",
            "lastActivity",
            "industry",
            "region",
            "tier",
            "owningTeam",
            "since",
            "definitionVersion");
    /** SegmentResource.EXPORT_BATCH: rows per cursor batch of the export. */
    private static final int EXPORT_BATCH = 2000;

    @Option(names = "--accounts", defaultValue = "1000000", description = "accounts to load (default ${DEFAULT-VALUE})")
    int accounts;

    @Option(
            names = "--members",
            defaultValue = "0",
            description = "members of the paged and exported segment (default 0: every account)")
    int members;

    @Option(names = "--pages", defaultValue = "200", description = "measured pages per side")
    int pages;

    @Option(
            names = "--export-rounds",
            defaultValue = "5",
            description = "export rounds (a dump then an export each); the first warms up (default ${DEFAULT-VALUE})")
    int exportRounds;

    @Option(names = "--skip-backfill", description = "measure pages and export only")
    boolean skipBackfill;

    @Option(names = "--heap", defaultValue = "1g", description = "service heap")
    String heap;

    @Option(
            names = "--service-jvm-options",
            description = "Extra JVM options for the service (JAVA_TOOL_OPTIONS), e.g. to record a JFR profile.")
    String serviceJvmOptions = "";

    @Override
    public Integer call() throws Exception {
        try (BenchmarkEnvironment env = new BenchmarkEnvironment(BenchmarkEnvironment.StoreBackend.MEMORY, 2);
                MongoClient mongo = MongoClients.create(env.mongoConnectionString())) {
            Map<String, String> serviceEnv = new HashMap<>(Map.of(
                    "RAPPORT_BOOTSTRAP_ADMIN_KEY", TOKEN,
                    "RAPPORT_SEGMENTATION_VALUE_TIERS_REFRESH", "1000h",
                    "RAPPORT_SEGMENTATION_SIZES_SNAPSHOT", "1000h",
                    "RAPPORT_SEGMENTATION_SCHEDULER_DELAY", "1000h"));
            // set even when empty: the service must not inherit this JVM's JAVA_TOOL_OPTIONS (a JFR recording)
            serviceEnv.put("JAVA_TOOL_OPTIONS", serviceJvmOptions);
            ServiceProcess service = env.startService(
                    "segmentation-service",
                    serviceEnv,
                    heap,
                    // the references run in this fully compiled JVM; so does the service
                    ServiceProcess.Tuning.THROUGHPUT);
            // HTTP/1.1 keep-alive, as analysts' tools use it; no h2c upgrade attempt per connection
            HttpClient http =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            String base = service.baseUrl();
            post(
                    http,
                    base + "/v1/segments",
                    "{\"id\":\"" + SEGMENT + "\",\"name\":\"Bench\",\"expression\":\"score >= 0.0\"}");
            waitBackfill(http, base, SEGMENT);

            var db = mongo.getDatabase(DB);
            long t0 = System.nanoTime();
            load(db.getCollection("latest_scores"), db.getCollection("memberships"));
            double loadSeconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf(
                    "loaded %,d accounts + %,d memberships in %.1fs (memory backend)%n",
                    accounts, memberships(db.getCollection("memberships")), loadSeconds);

            // 1. a 100-member page, API vs driver, walking successive keyset pages
            MongoCollection<Document> memberships = db.getCollection("memberships");
            Histogram bare = new Histogram(3);
            Histogram api = new Histogram(3);
            walkDriver(memberships, pages / 5, null);
            walkApi(http, base, pages / 5, null);
            for (int round = 0; round < 2; round++) {
                walkDriver(memberships, pages / 2, bare);
                walkApi(http, base, pages / 2, api);
            }
            // each figure is printed as soon as it is measured
            System.out.println();
            System.out.printf(
                    "segmentation benchmark: %,d accounts (%,d in the paged and exported segment), embedded store %s"
                            + " backend, load average %.1f%n",
                    accounts,
                    members > 0 ? Math.min(members, accounts) : accounts,
                    env.backend(),
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                            .getSystemLoadAverage());
            System.out.printf(
                    "  page of 100, driver : p50 %.2f ms  p99 %.2f ms  (%d pages)%n",
                    ms(bare, 50), ms(bare, 99), bare.getTotalCount());
            System.out.printf(
                    "  page of 100, API    : p50 %.2f ms  p99 %.2f ms  (%d pages)%n",
                    ms(api, 50), ms(api, 99), api.getTotalCount());
            System.out.printf("  API p99 / driver p99: %.2f   (target <= 1.25)%n", ms(api, 99) / ms(bare, 99));
            // 2. CSV export vs a bare cursor dump of the same query, alternating: the first round warms both
            // up; the best of the others counts for each side (a round takes a second or two, so one GC pause
            // in the store or another process's burst can halve it), and the median of the rounds' own ratios
            // is printed beside it (a dump and an export back to back see about the same load)
            double bareDumpRate = 0;
            double exportRate = 0;
            long rows = 0;
            List<Double> ratios = new ArrayList<>();
            for (int round = 0; round < Math.max(2, exportRounds); round++) {
                long t1 = System.nanoTime();
                long dumped = 0;
                long gc0 = storeGcMillis();
                // the service's exact query (MembershipRepository.export): same filter, sort, projection, batch;
                // each row decoded (the driver's Document), as the service decodes each row it reads
                try (MongoCursor<Document> c = memberships
                        .find(Filters.eq("segmentId", SEGMENT))
                        .sort(Sorts.ascending("accountId"))
                        .projection(Projections.fields(Projections.include(EXPORT_COLUMNS), Projections.excludeId()))
                        .batchSize(EXPORT_BATCH)
                        .iterator()) {
                    while (c.hasNext()) {
                        c.next();
                        dumped++;
                    }
                }
                double dumpRate = dumped / ((System.nanoTime() - t1) / 1e9);
                long gc1 = storeGcMillis();
                long t2 = System.nanoTime();
                rows = export(http, base) - 1; // header
                double rate = rows / ((System.nanoTime() - t2) / 1e9);
                if (round > 0) {
                    bareDumpRate = Math.max(bareDumpRate, dumpRate);
                    exportRate = Math.max(exportRate, rate);
                    ratios.add(rate / dumpRate);
                }
                // this JVM holds the store: its GC pauses stop whichever side is running
                System.out.printf(
                        "  export round %d: dump %,.0f rows/s (store GC %d ms), export %,.0f rows/s (store GC %d ms),"
                                + " ratio %.2f, load %.1f%n",
                        round + 1,
                        dumpRate,
                        gc1 - gc0,
                        rate,
                        storeGcMillis() - gc1,
                        rate / dumpRate,
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                                .getSystemLoadAverage());
            }
            ratios.sort(null);
            double medianRatio = ratios.size() % 2 == 1
                    ? ratios.get(ratios.size() / 2)
                    : (ratios.get(ratios.size() / 2 - 1) + ratios.get(ratios.size() / 2)) / 2;
            System.out.printf(
                    "  export CSV          : %,.0f rows/s (%,d rows, best of rounds 2-%d)%n",
                    exportRate, rows, Math.max(2, exportRounds));
            System.out.printf(
                    "  bare cursor dump    : %,.0f rows/s (best of rounds 2-%d)%n",
                    bareDumpRate, Math.max(2, exportRounds));
            System.out.printf(
                    "  export / dump       : %.2f   (target >= 0.8; median of the rounds' own ratios %.2f)%n",
                    exportRate / bareDumpRate, medianRatio);
            if (skipBackfill) {
                return 0;
            }
            // 3. back-fill of a new definition vs a bare cursor-and-bulk-upsert loop
            long t3 = System.nanoTime();
            long upserted = bareBackfill(db.getCollection("latest_scores"), db.getCollection("bench_bare_memberships"));
            double bareBackfillRate = upserted / ((System.nanoTime() - t3) / 1e9);
            long t4 = System.nanoTime();
            post(
                    http,
                    base + "/v1/segments",
                    "{\"id\":\"bench-new\",\"name\":\"New\",\"expression\":\"score >= 50.0 && rfm.recency >= 3\"}");
            String job = waitBackfill(http, base, "bench-new");
            double backfillRate = number(job, "done") / ((System.nanoTime() - t4) / 1e9);

            System.out.printf(
                    "  back-fill           : %,.0f accounts/s (%,.0f accounts, %,.0f entered)%n",
                    backfillRate, number(job, "done"), number(job, "entered"));
            System.out.printf("  bare bulk upsert    : %,.0f accounts/s%n", bareBackfillRate);
            System.out.printf("  back-fill / bare    : %.2f   (target >= 0.5)%n", backfillRate / bareBackfillRate);
        }
        return 0;
    }

    private void load(MongoCollection<Document> scores, MongoCollection<Document> memberships) {
        SplittableRandom random = new SplittableRandom(42);
        List<Document> s = new ArrayList<>(5000);
        List<Document> m = new ArrayList<>(5000);
        Date now = Date.from(Instant.parse("2026-03-12T11:20:03.512Z"));
        for (int i = 0; i < accounts; i++) {
            String id = String.format("acc-%07d", i);
            double score = Math.round(random.nextDouble() * 1000) / 10.0;
            int r = 1 + random.nextInt(5);
            double value = Math.round(random.nextDouble() * 100_000_00) / 100.0;
            s.add(score(id, score, r, value));
            if (members > 0 && i >= members) {
                continue;
            }
            m.add(new Document("_id", SEGMENT + "/" + id)
                    .append("segmentId", SEGMENT)
                    .append("accountId", id)
                    .append("since", now)
                    .append("definitionVersion", 1)
                    .append("confirmedVersion", 1)
                    .append("revision", 1)
                    .append("score", score)
                    .append("predictedValue", value)
                    .append("lastActivity", now)
                    .append("band", score >= 70 ? "healthy" : score >= 40 ? "watch" : "at_risk")
                    .append("lifecycle", "active")
                    .append("industry", "logistics")
                    .append("region", "DACH")
                    .append("tier", "gold")
                    .append("owningTeam", "enterprise-north")
                    .append("valueTier", "core"));
            if (s.size() == 5000) {
                flush(scores, s);
                flush(memberships, m);
            }
        }
        flush(scores, s);
        flush(memberships, m);
    }

    private static long memberships(MongoCollection<Document> memberships) {
        return memberships.countDocuments(Filters.eq("segmentId", SEGMENT));
    }

    private static void flush(MongoCollection<Document> collection, List<Document> docs) {
        if (!docs.isEmpty()) {
            collection.insertMany(docs, new InsertManyOptions().ordered(false));
            docs.clear();
        }
    }

    private long export(HttpClient http, String base) throws Exception {
        long lines = 0;
        HttpResponse<InputStream> export = http.send(
                request(base + "/v1/segments/" + SEGMENT + "/export?format=csv")
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = export.body()) {
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                for (int i = 0; i < n; i++) {
                    if (buf[i] == '\n') {
                        lines++;
                    }
                }
            }
        }
        return lines;
    }

    // The shape LatestScoreRepository stores: the ScoreChangedEvent JSON with _id = accountId.
    private static Document score(String id, double score, int r, double value) {
        return new Document("eventId", "score-" + id + "-r1")
                .append("accountId", id)
                .append("occurredAt", "2026-03-12T11:20:03.512Z")
                .append("source", "scoring-service")
                .append("revision", 1)
                .append("score", score)
                .append("band", score >= 70 ? "healthy" : score >= 40 ? "watch" : "at_risk")
                .append(
                        "components",
                        List.of(
                                new Document("name", "value")
                                        .append("value", 70.0)
                                        .append("weight", 0.5),
                                new Document("name", "engagement")
                                        .append("value", 60.0)
                                        .append("weight", 0.5)))
                .append("lifecycleStage", "active")
                .append(
                        "clv",
                        new Document("pAlive", 0.9)
                                .append("expectedTransactions", 3.0)
                                .append("horizonDays", 365)
                                .append("predictedValue", String.format(java.util.Locale.ROOT, "%.2f", value))
                                .append("currency", "EUR"))
                .append("rfm", new Document("recency", r).append("frequency", 3).append("monetary", 3))
                .append(
                        "account",
                        new Document("name", id)
                                .append("kind", "customer")
                                .append("industry", "logistics")
                                .append("region", "DACH")
                                .append("tier", "gold")
                                .append("owningTeam", "enterprise-north")
                                .append("tags", List.of("bench")))
                .append("indicators", new Document("daysSinceLastInteraction", 3.0))
                .append("cause", "event")
                .append("_id", id);
    }

    private static void walkDriver(MongoCollection<Document> memberships, int pages, Histogram h) {
        Double lastScore = null;
        String lastAccount = null;
        for (int p = 0; p < pages; p++) {
            long start = System.nanoTime();
            // the service's exact query (MembershipRepository.pageQuery), bound on the sort key included
            Bson filter = lastScore == null
                    ? Filters.and(Filters.eq("segmentId", SEGMENT))
                    : Filters.and(
                            Filters.eq("segmentId", SEGMENT),
                            Filters.lte("score", lastScore),
                            Filters.or(
                                    Filters.lt("score", lastScore),
                                    Filters.and(Filters.eq("score", lastScore), Filters.lt("accountId", lastAccount))));
            List<Document> page = memberships
                    .find(filter)
                    .sort(Sorts.descending("score", "accountId"))
                    .limit(101)
                    .into(new ArrayList<>());
            if (h != null) {
                h.recordValue((System.nanoTime() - start) / 1000);
            }
            Document last = page.get(Math.min(99, page.size() - 1));
            lastScore = last.getDouble("score");
            lastAccount = last.getString("accountId");
        }
    }

    private static final Pattern NEXT = Pattern.compile("\"nextCursor\":\"([^\"]+)\"");

    private static void walkApi(HttpClient http, String base, int pages, Histogram h) throws Exception {
        String cursor = null;
        for (int p = 0; p < pages; p++) {
            String url = base + "/v1/segments/" + SEGMENT + "/members?sort=score&limit=100"
                    + (cursor == null ? "" : "&cursor=" + cursor);
            long start = System.nanoTime();
            HttpResponse<String> r = http.send(request(url).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (h != null) {
                h.recordValue((System.nanoTime() - start) / 1000);
            }
            if (r.statusCode() != 200) {
                throw new IllegalStateException("members page: " + r.statusCode() + " " + r.body());
            }
            Matcher m = NEXT.matcher(r.body());
            cursor = m.find() ? m.group(1) : null;
        }
    }

    /**
     * What a back-fill must at least do: one cursor over every account, and per 1,000 one bulk upsert
     * of membership documents of the service's shape.
     */
    private static long bareBackfill(MongoCollection<Document> scores, MongoCollection<Document> target) {
        long n = 0;
        Date now = new Date();
        List<WriteModel<Document>> writes = new ArrayList<>(1000);
        try (MongoCursor<Document> cursor = scores.find().batchSize(1000).iterator()) {
            while (cursor.hasNext()) {
                Document d = cursor.next();
                Document account = d.get("account", Document.class);
                writes.add(new UpdateOneModel<>(
                        Filters.eq("_id", "bare/" + d.getString("_id")),
                        Updates.combine(
                                Updates.setOnInsert("segmentId", "bare"),
                                Updates.setOnInsert("accountId", d.getString("_id")),
                                Updates.setOnInsert("since", now),
                                Updates.setOnInsert("definitionVersion", 1),
                                Updates.set("confirmedVersion", 1),
                                Updates.set("revision", d.get("revision")),
                                Updates.set("score", d.get("score")),
                                Updates.set("predictedValue", 0.0),
                                Updates.set("lastActivity", now),
                                Updates.set("band", d.get("band")),
                                Updates.set("lifecycle", d.get("lifecycleStage")),
                                Updates.set("industry", account.get("industry")),
                                Updates.set("region", account.get("region")),
                                Updates.set("tier", account.get("tier")),
                                Updates.set("owningTeam", account.get("owningTeam")),
                                Updates.set("valueTier", "core")),
                        new UpdateOptions().upsert(true)));
                if (writes.size() == 1000) {
                    target.bulkWrite(writes, new BulkWriteOptions().ordered(false));
                    n += writes.size();
                    writes.clear();
                }
            }
        }
        if (!writes.isEmpty()) {
            target.bulkWrite(writes, new BulkWriteOptions().ordered(false));
            n += writes.size();
        }
        return n;
    }

    private static String waitBackfill(HttpClient http, String base, String id) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = http.send(
                    request(base + "/v1/segments/" + id + "/backfill").GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200 && r.body().contains("\"state\":\"done\"")) {
                return r.body();
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("back-fill of " + id + " did not finish");
    }

    private static void post(HttpClient http, String url, String json) throws Exception {
        HttpResponse<String> r = http.send(
                request(url)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) {
            throw new IllegalStateException("POST " + url + ": " + r.statusCode() + " " + r.body());
        }
    }

    private static HttpRequest.Builder request(String url) {
        return HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + TOKEN)
                .timeout(Duration.ofMinutes(30));
    }

    private static double number(String json, String field) {
        Matcher m = Pattern.compile("\"" + field + "\":(\\d+)").matcher(json);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    private static long storeGcMillis() {
        long ms = 0;
        for (var gc : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
            ms += Math.max(0, gc.getCollectionTime());
        }
        return ms;
    }

    private static double ms(Histogram h, double percentile) {
        return h.getValueAtPercentile(percentile) / 1000.0;
    }
}
