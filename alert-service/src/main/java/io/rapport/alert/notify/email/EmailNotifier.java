package io.rapport.alert.notify.email;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.rapport.alert.domain.dispatch.DeliveryResult;
import io.rapport.alert.domain.dispatch.FailureReason;
import io.rapport.alert.domain.dispatch.PlannedNotification;
import io.rapport.alert.domain.routing.EmailConfig;
import io.rapport.alert.domain.routing.ReceiverConfig;
import io.rapport.alert.notify.NotificationView;
import io.rapport.alert.notify.Notifier;
import io.rapport.alert.notify.NotifyConfig;
import io.vertx.ext.mail.SMTPException;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * E-mail over SMTP through the Quarkus {@link ReactiveMailer} (the blocking Mailer can hang when
 * called from a Kafka consumer thread). Multipart HTML + text from Qute templates; the subject
 * carries status, topic, account and severity; {@code Message-ID} is derived from the idempotency
 * key, and {@code In-Reply-To}/{@code References} name a per-account thread root, so one account's
 * alerts thread together in mail clients.
 *
 * <p>The SMTP transport (host, port, TLS, credentials) is the Quarkus mailer's ({@code
 * quarkus.mailer.*}); {@code to}, {@code from} and {@code headers} come from each email_config.
 */
@ApplicationScoped
public class EmailNotifier implements Notifier {
    private static final Logger LOG = Logger.getLogger(EmailNotifier.class);

    private final ReactiveMailer mailer;
    private final Template html;
    private final Template text;
    private final NotifyConfig config;
    private final String mailerHostPort;

    EmailNotifier(
            ReactiveMailer mailer,
            @Location("notify/email.html") Template html,
            @Location("notify/email.txt") Template text,
            NotifyConfig config,
            @ConfigProperty(name = "quarkus.mailer.host", defaultValue = "localhost") String host,
            @ConfigProperty(name = "quarkus.mailer.port", defaultValue = "25") int port) {
        this.mailer = mailer;
        this.html = html;
        this.text = text;
        this.config = config;
        this.mailerHostPort = host + ":" + port;
    }

    @Override
    public String channel() {
        return "email";
    }

    @Override
    public int integrations(ReceiverConfig receiver) {
        return receiver.emailConfigs().size();
    }

    @Override
    public boolean sendResolved(ReceiverConfig receiver, int index) {
        return receiver.emailConfigs().get(index).sendResolved();
    }

    @Override
    public void validate(ReceiverConfig receiver) {
        for (EmailConfig c : receiver.emailConfigs()) {
            if (!c.smarthost().equals(mailerHostPort)) {
                // One SMTP transport serves all receivers; say so rather than silently ignore.
                LOG.warnf(
                        "receiver %s: smarthost %s differs from quarkus.mailer host:port %s, which is used",
                        receiver.name(), c.smarthost(), mailerHostPort);
            }
        }
    }

    @Override
    public DeliveryResult send(ReceiverConfig receiver, PlannedNotification n) {
        EmailConfig c = receiver.emailConfigs().get(n.integration().index());
        Mail mail = render(c, n);
        try {
            mailer.send(mail).await().atMost(config.timeout());
            return DeliveryResult.delivered();
        } catch (RuntimeException e) {
            return classify(e);
        }
    }

    /** Renders the message without sending it (templates, subject, threading headers). */
    public Mail render(EmailConfig c, PlannedNotification n) {
        NotificationView view = NotificationView.of(n, config.externalUrl());
        String prefix = c.headers().getOrDefault("Subject", "[Rapport]");
        String subject = prefix + " " + view.title();
        Mail mail = Mail.withHtml(c.to(), subject, html.data("view", view).render())
                .setText(text.data("view", view).render())
                .setFrom(c.from());
        for (Map.Entry<String, String> h : c.headers().entrySet()) {
            if (!h.getKey().equals("Subject")
                    && !h.getKey().equals("To")
                    && !h.getKey().equals("From")) {
                mail.addHeader(h.getKey(), h.getValue());
            }
        }
        String domain = config.messageIdDomain();
        String root = "<account-" + shortHash(view.accountId().isEmpty() ? n.groupKey() : view.accountId()) + "@"
                + domain + ">";
        mail.addHeader("Message-ID", "<" + n.idempotencyKey() + "@" + domain + ">");
        mail.addHeader("In-Reply-To", root);
        mail.addHeader("References", root);
        mail.addHeader("X-Rapport-Group-Key", shortHash(n.groupKey()));
        return mail;
    }

    static DeliveryResult classify(Throwable e) {
        Throwable t = e;
        while (t != null) {
            if (t instanceof SMTPException s) {
                if (s.isPermanent()) {
                    return new DeliveryResult.Permanent(FailureReason.SMTP_REJECTED, "SMTP " + s.getReplyCode());
                }
                return new DeliveryResult.Retryable(FailureReason.SMTP_TRANSIENT, "SMTP " + s.getReplyCode(), null);
            }
            if (t instanceof ConnectException) {
                return new DeliveryResult.Retryable(FailureReason.CONNECTION, "SMTP connection refused", null);
            }
            if (t instanceof TimeoutException || t.getClass().getSimpleName().contains("Timeout")) {
                return new DeliveryResult.Retryable(FailureReason.TIMEOUT, "SMTP timeout", null);
            }
            t = t.getCause();
        }
        // Connection resets and the like: worth another try. Class name only, no message (may hold an address).
        return new DeliveryResult.Retryable(
                FailureReason.CONNECTION, e.getClass().getSimpleName(), null);
    }

    private static String shortHash(String s) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)))
                    .substring(0, 24);
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
