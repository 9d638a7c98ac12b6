package io.rapport.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.rapport.common.event.AccountEvent;
import io.rapport.common.event.AccountKind;
import io.rapport.common.event.Contact;
import io.rapport.common.event.Direction;
import io.rapport.common.event.Interactions;
import io.rapport.common.event.RapportEvent;
import io.rapport.common.event.Transactions;
import io.rapport.common.json.RapportJson;
import io.rapport.common.kafka.Topics;
import io.rapport.localstack.NotificationCatcher;
import io.rapport.localstack.ServiceProcess;
import io.rapport.localstack.infra.EmbeddedKafkaBroker;
import io.rapport.localstack.infra.EmbeddedMongoServer;
import io.rapport.localstack.infra.Ports;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole platform on one machine: events for an account whose invoice goes overdue and whose
 * engagement collapses enter through the ingest API, and the finance e-mail and the account team's
 * Slack message arrive at the catchers, with the explanation. Needs the packaged services
 * ({@code ./mvnw package}); in the full build this module runs after them.
 */
class RelationshipAlertsIT {
    private static final Path ROOT =
            Path.of(System.getProperty("rapport.root", "..")).toAbsolutePath().normalize();
    private static final List<String> SERVICES =
            List.of("ingest-service", "scoring-service", "segmentation-service", "alert-service");
    private static final String ADMIN_KEY =
            "rk_e2eadmin_" + UUID.randomUUID().toString().replace("-", "");

    /** Kept after the run (under target/), so a failure can be read in the services' logs. */
    private static Path dir;

    private static EmbeddedKafkaBroker broker;
    private static EmbeddedMongoServer mongo;
    private static NotificationCatcher catcher;
    private static final List<ServiceProcess> services = new ArrayList<>();
    private static String ingestUrl;

    @BeforeAll
    static void startThePlatform() throws Exception {
        dir = Files.createDirectories(ROOT.resolve("end-to-end-tests/target/e2e-run-" + System.currentTimeMillis()));
        for (String service : SERVICES) {
            assumeTrue(
                    Files.isRegularFile(jar(service)),
                    service + " is not packaged; run ./mvnw -B package -DskipTests first");
        }
        broker = new EmbeddedKafkaBroker(Ports.freePort(), Ports.freePort(), dir.resolve("kafka"))
                .start(Duration.ofSeconds(60));
        broker.createTopics(Topics.ALL, 2);
        mongo = new EmbeddedMongoServer(0, null).start();
        catcher = new NotificationCatcher(dir.resolve("notifications"), Ports.freePort(), Ports.freePort()).start();
        HttpClient http = HttpClient.newHttpClient();
        for (String name : SERVICES) {
            Map<String, String> env = new HashMap<>();
            env.put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
            env.put("MONGODB_URI", mongo.connectionString());
            env.put("KAFKA_PARTITIONS", "2");
            env.put("RAPPORT_BOOTSTRAP_ADMIN_KEY", ADMIN_KEY);
            if (name.equals("alert-service")) {
                env.putAll(catcher.alertServiceEnvironment());
            }
            ServiceProcess service = new ServiceProcess(
                    name, jar(name), Ports.freePort(), dir.resolve("logs").resolve(name + ".log"));
            service.start(env, "256m");
            services.add(service);
        }
        for (ServiceProcess service : services) {
            await().atMost(Duration.ofSeconds(180))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        assertThat(service.alive())
                                .as(service.name() + " exited; see " + service.logFile())
                                .isTrue();
                        return service.ready(http);
                    });
        }
        ingestUrl = services.get(0).baseUrl();
    }

    @AfterAll
    static void stopThePlatform() {
        services.forEach(s -> s.stop(Duration.ofSeconds(20)));
        if (catcher != null) {
            catcher.close();
        }
        if (mongo != null) {
            mongo.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    private static Path jar(String service) {
        return ROOT.resolve(service).resolve("target/quarkus-app/quarkus-run.jar");
    }

    @Test
    void anOverdueInvoiceEmailsFinanceAndCollapsedEngagementReachesTheAccountTeamOnSlack() throws Exception {
        String account = "acc-e2e-" + UUID.randomUUID().toString().substring(0, 8);
        post(historyOf(account, Instant.now().truncatedTo(ChronoUnit.SECONDS)));

        await().atMost(Duration.ofSeconds(240))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(mailsAbout(account))
                        .as("the finance e-mail")
                        .anySatisfy(mail -> assertThat(mail)
                                .contains("To: finance@localhost")
                                .contains("billing")
                                .containsIgnoringCase("overdue")));
        await().atMost(Duration.ofSeconds(240))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(postsAbout(account))
                        .as("the account team's Slack message")
                        .anySatisfy(post -> assertThat(post)
                                .contains("POST /slack/account-team")
                                .contains("\"blocks\"")
                                .contains("relationship")
                                .contains("score")));
    }

    /**
     * Eighteen months of a key customer: monthly orders and weekly conversations until about four
     * months ago, then silence; the last invoice, due 110 days ago, was never paid.
     */
    private static List<RapportEvent> historyOf(String account, Instant now) {
        List<RapportEvent> events = new ArrayList<>();
        Contact buyer = new Contact("c-" + account, "Dana Whitfield", "dana@northwind.example", "Head of purchasing");
        int seq = 0;
        events.add(new AccountEvent(
                account + "-" + seq++,
                account,
                now.minus(540, ChronoUnit.DAYS),
                "salesforce",
                "Northwind Traders",
                AccountKind.CUSTOMER,
                "wholesale",
                "EMEA",
                "key",
                "account-team-emea",
                List.of(buyer),
                List.of("e2e")));
        for (int day = 530; day >= 130; day -= 30) {
            Instant at = now.minus(day, ChronoUnit.DAYS);
            String order = "PO-" + account + "-" + day;
            events.add(new Transactions.Order(
                    account + "-" + seq++, account, at, "netsuite", order, money("12000.00"), "EUR"));
            String invoice = "INV-" + account + "-" + day;
            LocalDate due = LocalDate.ofInstant(at, ZoneOffset.UTC).plusDays(30);
            events.add(new Transactions.InvoiceIssued(
                    account + "-" + seq++, account, at, "netsuite", invoice, money("12000.00"), "EUR", due));
            if (day > 140) { // the last one, issued 140 days ago and due 110 days ago, stays unpaid
                events.add(new Transactions.PaymentReceived(
                        account + "-" + seq++,
                        account,
                        at.plus(25, ChronoUnit.DAYS),
                        "netsuite",
                        invoice,
                        money("12000.00"),
                        "EUR"));
            }
        }
        for (int day = 535; day >= 120; day -= 7) {
            events.add(new Interactions.Meeting(
                    account + "-" + seq++,
                    account,
                    now.minus(day, ChronoUnit.DAYS),
                    "salesforce",
                    day % 2 == 0 ? Direction.INBOUND : Direction.OUTBOUND,
                    buyer,
                    45,
                    "Weekly sync"));
        }
        return events;
    }

    private static java.math.BigDecimal money(String amount) {
        return new java.math.BigDecimal(amount);
    }

    private static void post(List<RapportEvent> events) throws IOException, InterruptedException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write('[');
        for (int i = 0; i < events.size(); i++) {
            if (i > 0) {
                body.write(',');
            }
            body.writeBytes(RapportJson.toBytes(events.get(i)));
        }
        body.write(']');
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(ingestUrl + "/v1/events/batch"))
                                .header("Content-Type", "application/json")
                                .header("Authorization", "Bearer " + ADMIN_KEY)
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        assertThat(response.body()).contains("\"accepted\":" + events.size());
    }

    private static List<String> mailsAbout(String account) throws IOException {
        if (!Files.isDirectory(catcher.mailDir())) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(catcher.mailDir())) {
            return files.map(RelationshipAlertsIT::read)
                    .filter(m -> m.contains(account))
                    .toList();
        }
    }

    private static List<String> postsAbout(String account) throws IOException {
        if (!Files.isRegularFile(catcher.postsLog())) {
            return List.of();
        }
        return Files.readAllLines(catcher.postsLog(), StandardCharsets.UTF_8).stream()
                .filter(line -> line.contains(account))
                .toList();
    }

    /** A saved e-mail as text: decoded subject, recipients and every text part. */
    private static String read(Path file) {
        try (var in = Files.newInputStream(file)) {
            MimeMessage mail = new MimeMessage(Session.getInstance(new Properties()), in);
            StringBuilder text = new StringBuilder("Subject: " + mail.getSubject() + "\n");
            for (var to : mail.getAllRecipients()) {
                text.append("To: ").append(to).append('\n');
            }
            appendText(mail.getContent(), text);
            return text.toString();
        } catch (IOException | MessagingException e) {
            return "";
        }
    }

    private static void appendText(Object content, StringBuilder text) throws IOException, MessagingException {
        if (content instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                appendText(multipart.getBodyPart(i).getContent(), text);
            }
        } else if (content instanceof String part) {
            text.append(part).append('\n');
        }
    }
}
