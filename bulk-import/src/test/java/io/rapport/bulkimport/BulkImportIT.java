package io.rapport.bulkimport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.rapport.common.json.RapportJson;
import io.rapport.common.kafka.Topics;
import io.rapport.localstack.ServiceProcess;
import io.rapport.localstack.infra.EmbeddedKafkaBroker;
import io.rapport.localstack.infra.EmbeddedMongoServer;
import io.rapport.localstack.infra.Ports;
import io.rapport.localstack.testing.KafkaTestClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The command against the packaged ingest-service (a child JVM) on an embedded broker and store: a
 * mixed file gives the right summary and rejects file; an import interrupted after some chunks resumes
 * and every event is in Kafka exactly once, even when a chunk is sent twice; a changed file is not
 * resumed. Needs {@code ingest-service/target/quarkus-app} (the reactor builds it first).
 */
class BulkImportIT {
    private static final Path ROOT =
            Path.of(System.getProperty("rapport.root", "..")).toAbsolutePath().normalize();
    private static final String ADMIN_KEY =
            "rk_importit_" + UUID.randomUUID().toString().replace("-", "");

    private static Path dir;
    private static EmbeddedKafkaBroker broker;
    private static EmbeddedMongoServer mongo;
    private static ServiceProcess ingest;
    private static String ingestKey;

    /** One run of the command: its exit code, what it printed, and its summary. */
    record Run(int exitCode, String output, BulkImport.Summary summary) {}

    @BeforeAll
    static void startIngestService() throws Exception {
        Path jar = ROOT.resolve("ingest-service/target/quarkus-app/quarkus-run.jar");
        assertThat(jar)
                .as("ingest-service is packaged (./mvnw -B package -pl ingest-service -DskipTests)")
                .isRegularFile();
        dir = Files.createDirectories(ROOT.resolve("bulk-import/target/import-it-" + System.currentTimeMillis()));
        broker = new EmbeddedKafkaBroker(Ports.freePort(), Ports.freePort(), dir.resolve("kafka"))
                .start(Duration.ofSeconds(60));
        broker.createTopics(Topics.ALL, 2);
        mongo = new EmbeddedMongoServer(0, null).start();
        ingest = new ServiceProcess("ingest-service", jar, Ports.freePort(), dir.resolve("ingest-service.log"));
        ingest.start(
                Map.of(
                        "KAFKA_BOOTSTRAP_SERVERS",
                        broker.bootstrapServers(),
                        "MONGODB_URI",
                        mongo.connectionString(),
                        "KAFKA_PARTITIONS",
                        "2",
                        "RAPPORT_BOOTSTRAP_ADMIN_KEY",
                        ADMIN_KEY),
                "256m");
        HttpClient http = HttpClient.newHttpClient();
        await().atMost(Duration.ofSeconds(180))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    assertThat(ingest.alive())
                            .as("ingest-service exited; see " + ingest.logFile())
                            .isTrue();
                    return ingest.ready(http);
                });
        HttpResponse<String> created = http.send(
                HttpRequest.newBuilder(URI.create(ingest.baseUrl() + "/v1/admin/api-keys"))
                        .header("Authorization", "Bearer " + ADMIN_KEY)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"importer\",\"roles\":[\"ingest\"]}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        ingestKey = RapportJson.mapper().readTree(created.body()).path("key").asText();
    }

    @AfterAll
    static void stop() {
        if (ingest != null) {
            ingest.stop(Duration.ofSeconds(20));
        }
        if (mongo != null) {
            mongo.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void aMixedCsvFileGivesTheSummaryAndARejectsFileWithEachBadLineAndItsReasons() throws Exception {
        String p = prefix();
        Path file = Files.writeString(
                dir.resolve(p + "mixed.csv"),
                String.join(
                        "\n",
                        "type,eventId,accountId,occurredAt,direction,contact.contactId,orderId,amount,currency",
                        meetingRow(p + "1"),
                        meetingRow(p + "2"),
                        "order," + p + "3,acc-1,2026-11-28T08:00:00Z,,,PO-1,-5.00,EUR",
                        meetingRow(p + "4"),
                        "meeting," + p + "5,acc-1",
                        meetingRow(p + "1"),
                        "webinar," + p + "6,acc-1,2026-11-28T08:00:00Z,,,,,",
                        meetingRow(p + "7"),
                        "",
                        meetingRow(p + "8"),
                        ""));

        Run run = importFile(file, "--chunk-size", "3", "--set", "source=crm", "--progress", "plain");

        assertThat(run.exitCode()).as(run.output()).isEqualTo(BulkImportCommand.EXIT_REJECTED);
        assertThat(run.summary().counts()).isEqualTo(new Checkpoint.Counts(9, 5, 1, 3, 3));
        assertThat(run.summary().linesRead()).isEqualTo(11);
        assertThat(run.output())
                .contains(
                        "accepted          5",
                        "duplicate         1",
                        "rejected          3",
                        "mixed.csv.rejects.ndjson");
        Map<Long, JsonNode> rejects = rejects(file);
        assertThat(rejects).containsOnlyKeys(4L, 6L, 8L);
        assertThat(rejects.get(4L).path("input").asText())
                .isEqualTo("order," + p + "3,acc-1,2026-11-28T08:00:00Z,,,PO-1,-5.00,EUR");
        assertThat(rejects.get(4L).path("errors").toString())
                .isEqualTo("[{\"field\":\"amount\",\"reason\":\"must be greater than or equal to 0\"}]");
        assertThat(rejects.get(6L).path("errors").toString())
                .isEqualTo("[{\"reason\":\"has 3 field(s), the header has 9\"}]");
        assertThat(rejects.get(8L).path("errors").get(0).path("field").asText()).isEqualTo("type");
        assertThat(eventIdsInKafka(p))
                .as("each accepted event once")
                .isEqualTo(Map.of(p + "1", 1L, p + "2", 1L, p + "4", 1L, p + "7", 1L, p + "8", 1L));
    }

    @Test
    void anInterruptedImportResumesAndEveryEventIsInKafkaExactlyOnceEvenWhenAChunkIsSentTwice() throws Exception {
        String p = prefix();
        List<String> lines = new ArrayList<>();
        List<String> valid = new ArrayList<>();
        for (int i = 1; i <= 50; i++) {
            if (i % 10 == 5) {
                // no direction: the service rejects it
                lines.add(
                        "{\"type\":\"meeting\",\"eventId\":\"" + p + i + "\",\"accountId\":\"acc-" + (i % 7)
                                + "\",\"occurredAt\":\"2026-11-30T10:15:00Z\",\"source\":\"crm\",\"contact\":{\"contactId\":\"c\"}}");
            } else {
                lines.add(meetingJson(p + i, "acc-" + (i % 7)));
                valid.add(p + i);
            }
        }
        Path file = Files.writeString(dir.resolve(p + "history.ndjson"), String.join("\n", lines) + "\n");
        Path checkpoint = dir.resolve(p + "history.ndjson.checkpoint");

        Run first = importFile(file, "--chunk-size", "10", "--max-chunks", "2");
        assertThat(first.exitCode()).as(first.output()).isEqualTo(BulkImportCommand.EXIT_UNFINISHED);
        assertThat(first.summary().counts()).isEqualTo(new Checkpoint.Counts(20, 18, 0, 2, 2));
        Path afterTwoChunks = Files.copy(checkpoint, dir.resolve(p + "after-two-chunks"));

        Run second = importFile(file, "--chunk-size", "10", "--max-chunks", "1");
        assertThat(second.output()).contains("resuming " + file + " at line 21");
        assertThat(second.summary().counts()).isEqualTo(new Checkpoint.Counts(30, 27, 0, 3, 3));

        // As if the process died after the service answered chunk 3 and before its checkpoint was written.
        Files.copy(afterTwoChunks, checkpoint, StandardCopyOption.REPLACE_EXISTING);
        Run last = importFile(file, "--chunk-size", "10");

        assertThat(last.exitCode()).as(last.output()).isEqualTo(BulkImportCommand.EXIT_REJECTED);
        assertThat(last.output()).contains("resuming " + file + " at line 21");
        assertThat(last.summary().counts())
                .as("chunk 3 comes back duplicate: no line is counted accepted twice")
                .isEqualTo(new Checkpoint.Counts(50, 36, 9, 5, 5));
        assertThat(rejects(file)).as("each rejected line listed once").containsOnlyKeys(5L, 15L, 25L, 35L, 45L);
        assertThat(eventIdsInKafka(p))
                .as("every valid event in Kafka exactly once")
                .isEqualTo(valid.stream().collect(Collectors.toMap(Function.identity(), id -> 1L)));

        Run again = importFile(file, "--chunk-size", "10");
        assertThat(again.output()).contains("was imported completely");
    }

    @Test
    void aFileChangedSinceTheCheckpointIsNotResumedUnlessRestarted() throws Exception {
        String p = prefix();
        Path file = dir.resolve(p + "changed.ndjson");
        Files.writeString(file, meetingJson(p + "1", "acc-1") + "\n" + meetingJson(p + "2", "acc-1") + "\n");
        Run first = importFile(file, "--chunk-size", "1", "--max-chunks", "1");
        assertThat(first.summary().counts().accepted()).isEqualTo(1);

        Files.writeString(file, meetingJson(p + "0", "acc-1") + "\n" + meetingJson(p + "2", "acc-1") + "\n");
        Run refused = importFile(file, "--chunk-size", "1");

        assertThat(refused.exitCode()).isEqualTo(BulkImportCommand.EXIT_UNFINISHED);
        assertThat(refused.output())
                .contains("changed since the checkpoint")
                .contains("its first " + (meetingJson(p + "1", "acc-1").length() + 1) + " bytes differ")
                .contains("--restart");

        Run restarted = importFile(file, "--chunk-size", "1", "--restart");
        assertThat(restarted.exitCode()).as(restarted.output()).isEqualTo(BulkImportCommand.EXIT_COMPLETE);
        assertThat(restarted.summary().counts()).isEqualTo(new Checkpoint.Counts(2, 2, 0, 0, 2));
    }

    @Test
    void aKeyTheServiceRefusesStopsTheImportWithAClearMessage() throws Exception {
        String p = prefix();
        Path file = Files.writeString(dir.resolve(p + "key.ndjson"), meetingJson(p + "1", "acc-1") + "\n");

        Run run = importFile(file, "--api-key", "rk_0000000000000000_wrong");

        assertThat(run.exitCode()).as(run.output()).isEqualTo(BulkImportCommand.EXIT_UNFINISHED);
        assertThat(run.output()).contains("did not accept the API key (401)");
        assertThat(run.summary().counts().records()).isZero();
    }

    private static Run importFile(Path file, String... options) {
        List<String> args = new ArrayList<>(List.of(file.toString(), "--url", ingest.baseUrl()));
        if (!List.of(options).contains("--api-key")) {
            args.addAll(List.of("--api-key", ingestKey));
        }
        if (!List.of(options).contains("--progress")) {
            args.addAll(List.of("--progress", "off"));
        }
        args.addAll(List.of(options));
        BulkImportCommand command = new BulkImportCommand();
        StringWriter output = new StringWriter();
        PrintWriter writer = new PrintWriter(output, true);
        int exitCode = new CommandLine(command).setOut(writer).setErr(writer).execute(args.toArray(String[]::new));
        String shown = String.join(" ", args).replace(ingestKey, "rk_…");
        System.out.println("rapport-import " + shown + "\n" + output + "exit code " + exitCode);
        return new Run(exitCode, output.toString(), command.summary());
    }

    private static Map<Long, JsonNode> rejects(Path file) throws IOException {
        Map<Long, JsonNode> byLine = new TreeMap<>();
        for (String line : Files.readAllLines(file.resolveSibling(file.getFileName() + ".rejects.ndjson"))) {
            JsonNode entry = RapportJson.mapper().readTree(line);
            assertThat(byLine.put(entry.path("line").asLong(), entry))
                    .as("listed once: " + line)
                    .isNull();
        }
        return byLine;
    }

    /** How often each eventId starting with {@code prefix} is on the interactions topic. */
    private static Map<String, Long> eventIdsInKafka(String prefix) throws IOException {
        Map<String, Long> counts = new TreeMap<>();
        try (KafkaTestClient kafka = new KafkaTestClient(broker.bootstrapServers())) {
            // reads the whole (small) topic: a copy published twice would be there too
            for (var record : kafka.readUntil(Topics.INTERACTIONS, r -> false, Duration.ofSeconds(8))) {
                String eventId = RapportJson.mapper()
                        .readTree(record.value())
                        .path("eventId")
                        .asText();
                if (eventId.startsWith(prefix)) {
                    counts.merge(eventId, 1L, Long::sum);
                }
            }
        }
        return counts;
    }

    private static String prefix() {
        return "imp-" + UUID.randomUUID().toString().substring(0, 8) + "-";
    }

    private static String meetingRow(String eventId) {
        return "meeting," + eventId + ",acc-1,2026-11-30T10:15:00Z,inbound,c-17,,,";
    }

    private static String meetingJson(String eventId, String accountId) {
        return "{\"type\":\"meeting\",\"eventId\":\"" + eventId + "\",\"accountId\":\"" + accountId
                + "\",\"occurredAt\":\"2026-11-30T10:15:00Z\",\"source\":\"crm\",\"direction\":\"inbound\","
                + "\"contact\":{\"contactId\":\"c-17\"}}";
    }
}
