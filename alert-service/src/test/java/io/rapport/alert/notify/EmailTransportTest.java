package io.rapport.alert.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rapport.alert.domain.dispatch.DeliveryResult;
import io.rapport.alert.domain.dispatch.FailureReason;
import io.rapport.alert.domain.dispatch.Integration;
import io.rapport.alert.domain.dispatch.PlannedNotification;
import io.rapport.alert.domain.notify.AlertNotice;
import io.rapport.alert.domain.routing.AlertingConfig;
import io.rapport.alert.domain.routing.AlertingConfigParser;
import io.rapport.alert.domain.routing.ReceiverConfig;
import io.rapport.alert.notify.email.EmailNotifier;
import io.rapport.alert.notify.email.SmtpClients;
import io.rapport.localstack.testing.EmbeddedInfrastructureResource;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each email_config's smarthost, credentials ({@code auth_password} or {@code auth_password_file})
 * and {@code require_tls} are applied: two GreenMail servers besides the default mailer's, one of
 * them a relay that requires SMTP AUTH, and receivers from a routing file pointing at them. Sends
 * through {@link EmailNotifier} as the outbox does, and checks where each mail arrives.
 */
@QuarkusTest
@WithTestResource(EmbeddedInfrastructureResource.class)
@WithTestResource(NotifyServersResource.class)
class EmailTransportTest {
    private static final Instant AT = Instant.parse("2026-03-02T10:00:00Z");
    private static final String RELAY_USER = "rapport-relay";
    private static final String RELAY_PASSWORD = "relay-pw-SECRET-1";
    private static final String FILE_USER = "rapport-files";

    private static GreenMail plain;
    private static GreenMail relay;

    private static Path dir;
    private static Path passwordFile;
    private static AlertingConfig routingFile;

    @InjectNotifyServers
    NotifyServers servers;

    @Inject
    EmailNotifier email;

    @Inject
    SmtpClients clients;

    @Inject
    RoutingConfiguration routing;

    private final List<String> logLines = Collections.synchronizedList(new ArrayList<>());
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            String msg = r instanceof org.jboss.logmanager.ExtLogRecord e ? e.getFormattedMessage() : r.getMessage();
            logLines.add(msg + (r.getThrown() == null ? "" : " " + r.getThrown()));
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @BeforeAll
    static void startServers() throws IOException {
        plain = new GreenMail(new ServerSetup(freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        plain.start();
        relay = new GreenMail(new ServerSetup(freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        relay.start();
        relay.setUser("ops@relay.test", RELAY_USER, RELAY_PASSWORD);
        relay.setUser("files@relay.test", FILE_USER, "file-pw-SECRET-1");
        SmtpAuthRequired.on(relay);
        dir = Files.createTempDirectory("email-transport-test");
        passwordFile = dir.resolve("smtp-password");
        Files.writeString(passwordFile, "file-pw-SECRET-1\n");

        int p = plain.getSmtp().getPort();
        int r = relay.getSmtp().getPort();
        String yaml = """
                global:
                  smtp_from: rapport@alerts.test
                  smtp_require_tls: false
                route: {receiver: plain}
                receivers:
                  - name: plain
                    email_configs: [{to: ops@plain.test, smarthost: '127.0.0.1:%1$d'}]
                  - name: relay
                    email_configs:
                      - {to: ops@relay.test, smarthost: '127.0.0.1:%2$d', auth_username: %3$s,
                         auth_password: '${RELAY_PASSWORD}'}
                  - name: relay-wrong-password
                    email_configs:
                      - {to: ops@relay.test, smarthost: '127.0.0.1:%2$d', auth_username: %3$s,
                         auth_password: not-the-right-SECRET}
                  - name: relay-password-file
                    email_configs:
                      - {to: files@relay.test, smarthost: '127.0.0.1:%2$d', auth_username: %4$s,
                         auth_password_file: '%5$s'}
                  - name: relay-missing-password-file
                    email_configs:
                      - {to: files@relay.test, smarthost: '127.0.0.1:%2$d', auth_username: %4$s,
                         auth_password_file: '%5$s.missing'}
                  - name: relay-anonymous
                    email_configs: [{to: ops@relay.test, smarthost: '127.0.0.1:%2$d'}]
                  - name: plain-require-tls
                    email_configs: [{to: ops@plain.test, smarthost: '127.0.0.1:%1$d', require_tls: true}]
                """.formatted(p, r, RELAY_USER, FILE_USER, passwordFile);
        routingFile = new AlertingConfigParser(Map.of("RELAY_PASSWORD", RELAY_PASSWORD)::get).parse(yaml);
    }

    @AfterAll
    static void stopServers() throws IOException {
        SmtpAuthRequired.off(relay);
        relay.stop();
        plain.stop();
        Files.deleteIfExists(passwordFile);
        Files.deleteIfExists(dir);
    }

    @BeforeEach
    void captureLogs() {
        java.util.logging.Logger.getLogger("").addHandler(capture);
    }

    @AfterEach
    void noSecretLogged() {
        java.util.logging.Logger.getLogger("").removeHandler(capture);
        synchronized (logLines) {
            assertThat(logLines).noneMatch(l -> l.contains("SECRET"));
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String account() {
        return "acc-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static ReceiverConfig receiver(String name) {
        return routingFile.receiver(name).orElseThrow();
    }

    private DeliveryResult send(String receiver, String account) {
        AlertNotice alert = NoticeFixtures.firing(account, "billing", "warning", AT);
        PlannedNotification n = new PlannedNotification(
                "k-" + account,
                "{}:{account=\"" + account + "\"}",
                "g-" + account,
                Map.of("account", account),
                new Integration(receiver, "email", 0, true),
                AlertNotice.Status.FIRING,
                List.of(alert),
                AT);
        return email.send(receiver(receiver), n);
    }

    private static List<MimeMessage> mails(GreenMail server, String account) throws Exception {
        List<MimeMessage> out = new ArrayList<>();
        for (MimeMessage m : server.getReceivedMessages()) {
            if (m.getSubject().contains(account)) {
                out.add(m);
            }
        }
        return out;
    }

    @Test
    void eachReceiverSendsThroughItsOwnSmarthostTheAuthenticatedOneWithItsCredentials() throws Exception {
        String toPlain = account();
        String toRelay = account();

        assertThat(send("plain", toPlain)).isInstanceOf(DeliveryResult.Delivered.class);
        assertThat(send("relay", toRelay)).isInstanceOf(DeliveryResult.Delivered.class);

        assertThat(mails(plain, toPlain)).hasSize(1);
        assertThat(mails(relay, toRelay)).hasSize(1);
        assertThat(mails(plain, toRelay)).isEmpty();
        assertThat(mails(relay, toPlain)).isEmpty();
        assertThat(mails(servers.smtp(), toPlain)).as("not the default mailer").isEmpty();
        assertThat(mails(servers.smtp(), toRelay)).as("not the default mailer").isEmpty();

        // Rendering and threading are the same as through the default mailer.
        MimeMessage mail = mails(relay, toRelay).get(0);
        assertThat(mail.getSubject()).isEqualTo("[Rapport] FIRING:1 billing — " + toRelay + " (warning)");
        assertThat(mail.getFrom()[0].toString()).isEqualTo("rapport@alerts.test");
        assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("ops@relay.test");
        assertThat(mail.getHeader("Message-ID")[0]).isEqualTo("<k-" + toRelay + "@rapport.local>");
        assertThat(mail.getHeader("References")[0]).startsWith("<account-").endsWith("@rapport.local>");
        assertThat(mail.getHeader("In-Reply-To")[0]).isEqualTo(mail.getHeader("References")[0]);
        assertThat(mail.getHeader("X-Rapport-Group-Key")).hasSize(1);
        MimeMultipart parts = (MimeMultipart) mail.getContent();
        assertThat(parts.getContentType()).startsWith("multipart/alternative");
        assertThat(parts.getBodyPart(0).getContentType()).startsWith("text/plain");
        assertThat(parts.getBodyPart(1).getContentType()).startsWith("text/html");
        assertThat((String) parts.getBodyPart(0).getContent()).contains("Score movement: score 72 → 48 (-24)");
    }

    @Test
    void theRelayRefusesAnonymousMailSoTheCredentialsAboveWereUsed() throws Exception {
        String acc = account();
        DeliveryResult result = send("relay-anonymous", acc);
        assertThat(result).isEqualTo(new DeliveryResult.Permanent(FailureReason.SMTP_REJECTED, "SMTP 530"));
        assertThat(mails(relay, acc)).isEmpty();
    }

    @Test
    void aWrongPasswordIsAPermanentFailureAndNoMailIsSent() throws Exception {
        String acc = account();
        DeliveryResult result = send("relay-wrong-password", acc);
        // 535 5.7.8: a 5xx reply, permanent like every SMTP 5xx; retrying with the same password fails alike.
        assertThat(result).isEqualTo(new DeliveryResult.Permanent(FailureReason.SMTP_REJECTED, "SMTP 535"));
        assertThat(mails(relay, acc)).isEmpty();
        assertThat(mails(plain, acc)).isEmpty();
        assertThat(mails(servers.smtp(), acc)).isEmpty();
    }

    @Test
    void thePasswordIsReadFromAuthPasswordFileAtEachSendSoARotationIsPickedUp() throws Exception {
        String first = account();
        assertThat(send("relay-password-file", first)).isInstanceOf(DeliveryResult.Delivered.class);
        assertThat(mails(relay, first)).hasSize(1);
        int open = clients.size();

        // The relay's password changes and the mounted Secret with it.
        relay.getUserManager().getUserByEmail("files@relay.test").setPassword("file-pw-SECRET-2");
        Files.writeString(passwordFile, "file-pw-SECRET-2\n");
        String second = account();
        assertThat(send("relay-password-file", second)).isInstanceOf(DeliveryResult.Delivered.class);
        assertThat(mails(relay, second)).hasSize(1);
        assertThat(clients.size())
                .as("the client of the old password is replaced")
                .isEqualTo(open);
    }

    @Test
    void anUnreadablePasswordFileIsAPermanentConfigurationFailure() throws Exception {
        String acc = account();
        assertThat(send("relay-missing-password-file", acc))
                .isEqualTo(new DeliveryResult.Permanent(FailureReason.CONFIG, "auth_password_file unreadable"));
        assertThat(mails(relay, acc)).isEmpty();
    }

    @Test
    void requireTlsSendsNothingToAServerWithoutStartTls() throws Exception {
        String acc = account();
        DeliveryResult result = send("plain-require-tls", acc);
        assertThat(result)
                .isEqualTo(new DeliveryResult.Retryable(
                        FailureReason.CONNECTION, "SMTP server does not offer STARTTLS (require_tls)", null));
        assertThat(mails(plain, acc)).isEmpty();
    }

    @Test
    void theShippedReceiversGoThroughTheDefaultMailerTheOthersNot() {
        // The shipped routing file's smtp_smarthost follows quarkus.mailer.host and port.
        assertThat(routing.config().global().smtpSmarthost())
                .isEqualTo("127.0.0.1:" + servers.smtp().getSmtp().getPort());
        for (String name : List.of("finance", "operations", "account-team-email")) {
            ReceiverConfig r = routing.config().receiver(name).orElseThrow();
            assertThat(email.sendsThroughMailer(email.transport(r.emailConfigs().get(0))))
                    .as(name)
                    .isTrue();
        }
        for (String name : List.of("plain", "relay", "relay-password-file", "plain-require-tls")) {
            assertThat(email.sendsThroughMailer(
                            email.transport(receiver(name).emailConfigs().get(0))))
                    .as(name)
                    .isFalse();
        }
    }
}
