package io.rapport.localstack;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpServer;
import io.rapport.localstack.infra.Ports;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Stands in for Slack, webhooks and the mail server on a local stack, so alert-service delivers its
 * notifications somewhere visible: HTTP posts are appended to {@code notifications.log}, e-mails are
 * saved as {@code .eml} files, both under the data directory.
 */
public final class NotificationCatcher implements AutoCloseable {
    private final Path dir;
    private final int httpPort;
    private final int smtpPort;
    private HttpServer http;
    private GreenMail smtp;
    private ScheduledExecutorService mailSaver;
    private int savedMails;

    /**
     * @param dir where posts ({@code notifications.log}) and e-mails ({@code mail/*.eml}) are saved
     */
    public NotificationCatcher(Path dir, int httpPort, int smtpPort) {
        this.dir = dir;
        this.httpPort = httpPort;
        this.smtpPort = smtpPort;
    }

    public NotificationCatcher start() {
        Ports.requireFree(httpPort, "notification catcher (Slack/webhooks)", "--catcher-port");
        Ports.requireFree(smtpPort, "mail catcher (SMTP)", "--smtp-port");
        try {
            Files.createDirectories(dir.resolve("mail"));
            http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), httpPort), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        http.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            line.writeBytes(
                    (Instant.now() + " POST " + exchange.getRequestURI() + " ").getBytes(StandardCharsets.UTF_8));
            line.writeBytes(body);
            line.write('\n');
            Files.write(
                    dir.resolve("notifications.log"),
                    line.toByteArray(),
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            byte[] ok = "ok".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, ok.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(ok);
            }
        });
        http.start();
        smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        mailSaver = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "mail-catcher");
            thread.setDaemon(true);
            return thread;
        });
        mailSaver.scheduleWithFixedDelay(this::saveNewMails, 1, 1, TimeUnit.SECONDS);
        return this;
    }

    private synchronized void saveNewMails() {
        MimeMessage[] received = smtp.getReceivedMessages();
        for (; savedMails < received.length; savedMails++) {
            Path file = dir.resolve("mail").resolve(String.format("%05d.eml", savedMails + 1));
            try (OutputStream out = Files.newOutputStream(file)) {
                received[savedMails].writeTo(out);
            } catch (Exception e) {
                System.err.println("mail catcher: could not save a message: " + e.getMessage());
            }
        }
    }

    /** The environment that points alert-service's receivers at this catcher. */
    public Map<String, String> alertServiceEnvironment() {
        String base = "http://127.0.0.1:" + httpPort;
        return Map.of(
                "RAPPORT_SLACK_SUPPORT_URL", base + "/slack/support",
                "RAPPORT_SLACK_SALES_URL", base + "/slack/sales",
                "RAPPORT_SLACK_ACCOUNT_TEAM_URL", base + "/slack/account-team",
                "RAPPORT_ALERT_WEBHOOK_URL", base + "/webhook/alerts",
                "RAPPORT_WEBHOOK_HMAC_SECRET", "local-stack-webhook-secret",
                "RAPPORT_SMTP_HOST", "127.0.0.1",
                "RAPPORT_SMTP_PORT", String.valueOf(smtpPort),
                "RAPPORT_SMTP_SMARTHOST", "127.0.0.1:" + smtpPort);
    }

    public String describe() {
        return "Slack/webhooks → " + dir.resolve("notifications.log") + ", e-mail (smtp://127.0.0.1:" + smtpPort
                + ") → " + dir.resolve("mail");
    }

    /** The file HTTP posts are appended to. */
    public Path postsLog() {
        return dir.resolve("notifications.log");
    }

    /** The directory e-mails are saved to. */
    public Path mailDir() {
        return dir.resolve("mail");
    }

    @Override
    public void close() {
        if (mailSaver != null) {
            mailSaver.shutdownNow();
            saveNewMails();
        }
        if (smtp != null) {
            smtp.stop();
        }
        if (http != null) {
            http.stop(0);
        }
    }
}
