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
import io.rapport.alert.domain.routing.Secret;
import io.rapport.alert.domain.routing.SmtpTransport;
import io.rapport.alert.notify.HttpPoster;
import io.rapport.alert.notify.NotificationView;
import io.rapport.alert.notify.Notifier;
import io.rapport.alert.notify.NotifyConfig;
import io.vertx.core.MultiMap;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.SMTPException;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * E-mail over SMTP. Multipart HTML + text from Qute templates; the subject carries status, topic,
 * account and severity; {@code Message-ID} is derived from the idempotency key, and {@code
 * In-Reply-To}/{@code References} name a per-account thread root, so one account's alerts thread
 * together in mail clients.
 *
 * <p>Each email_config is sent through its own transport, as in Alertmanager: its {@code smarthost},
 * {@code auth_username} with {@code auth_password} or {@code auth_password_file} (read at every send,
 * so a rotated file is picked up), {@code require_tls} and {@code hello}. The service's default
 * mailer ({@code quarkus.mailer.*}, through {@link ReactiveMailer}: the blocking Mailer can hang when
 * called from a Kafka consumer thread) carries the mail of every integration it serves as configured
 * (see {@link SmtpTransport#servedBy}), and all of it in mock mode; the others get a client of their
 * own from {@link SmtpClients}.
 */
@ApplicationScoped
public class EmailNotifier implements Notifier {
    private static final Logger LOG = Logger.getLogger(EmailNotifier.class);

    private final ReactiveMailer mailer;
    private final SmtpClients clients;
    private final Template html;
    private final Template text;
    private final NotifyConfig config;
    private final SmtpTransport mailerTransport;
    private final boolean mailerMock;

    EmailNotifier(
            ReactiveMailer mailer,
            SmtpClients clients,
            @Location("notify/email.html") Template html,
            @Location("notify/email.txt") Template text,
            NotifyConfig config,
            @ConfigProperty(name = "quarkus.mailer.host", defaultValue = "localhost") String host,
            @ConfigProperty(name = "quarkus.mailer.port", defaultValue = "25") int port,
            @ConfigProperty(name = "quarkus.mailer.tls", defaultValue = "false") boolean tls,
            @ConfigProperty(name = "quarkus.mailer.start-tls", defaultValue = "OPTIONAL") String startTls,
            @ConfigProperty(name = "quarkus.mailer.username") Optional<String> username,
            @ConfigProperty(name = "quarkus.mailer.password") Optional<String> password,
            @ConfigProperty(name = "quarkus.mailer.mock", defaultValue = "false") boolean mock) {
        this.mailer = mailer;
        this.clients = clients;
        this.html = html;
        this.text = text;
        this.config = config;
        this.mailerTransport = mailerTransport(host, port, tls, startTls, username, password);
        this.mailerMock = mock;
    }

    /** The default mailer's transport, from {@code quarkus.mailer.*}. */
    static SmtpTransport mailerTransport(
            String host, int port, boolean tls, String startTls, Optional<String> username, Optional<String> password) {
        SmtpTransport.Security security;
        if (tls) {
            security = SmtpTransport.Security.IMPLICIT_TLS;
        } else {
            security = switch (startTls.toUpperCase(Locale.ROOT)) {
                case "REQUIRED" -> SmtpTransport.Security.STARTTLS;
                case "DISABLED" -> SmtpTransport.Security.NONE;
                default -> SmtpTransport.Security.OPPORTUNISTIC;
            };
        }
        return new SmtpTransport(host, port, security, username.orElse(null), Secret.of(password.orElse(null)), null);
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
        List<EmailConfig> configs = receiver.emailConfigs();
        for (int i = 0; i < configs.size(); i++) {
            EmailConfig c = configs.get(i);
            String at = "rapport.alert.routing-file: receiver \"" + receiver.name() + "\" email_configs[" + i + "]";
            try {
                SmtpTransport.of(c, null);
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(at + ": " + e.getMessage(), e);
            }
            if (!c.authIdentity().isEmpty() && !c.authIdentity().equals(c.authUsername())) {
                LOG.warnf("%s: auth_identity is not applied (PLAIN authenticates as auth_username)", at);
            }
        }
    }

    @Override
    public DeliveryResult send(ReceiverConfig receiver, PlannedNotification n) {
        EmailConfig c = receiver.emailConfigs().get(n.integration().index());
        SmtpTransport transport;
        try {
            transport = transport(c);
        } catch (IllegalStateException e) {
            return new DeliveryResult.Permanent(FailureReason.CONFIG, "auth_password_file unreadable");
        }
        Mail mail = render(c, n);
        try {
            if (sendsThroughMailer(transport)) {
                mailer.send(mail).await().atMost(config.timeout());
            } else {
                clients.client(transport).sendMail(toMailMessage(mail)).await().atMost(config.timeout());
            }
            return DeliveryResult.delivered();
        } catch (RuntimeException e) {
            return classify(e);
        }
    }

    /**
     * The transport of an email_config, its password read from {@code auth_password_file} when one
     * is set (only if a user is, as Alertmanager does).
     *
     * @throws IllegalStateException if the password file cannot be read
     */
    public SmtpTransport transport(EmailConfig c) {
        Secret password = c.authPassword();
        if (c.authUsername() != null && !c.authUsername().isEmpty() && password == null) {
            password = Secret.of(HttpPoster.secret(null, c.authPasswordFile()));
        }
        return SmtpTransport.of(c, password);
    }

    /** Whether mail over {@code transport} goes through the default mailer rather than a client of its own. */
    public boolean sendsThroughMailer(SmtpTransport transport) {
        return mailerMock || transport.servedBy(mailerTransport);
    }

    /** The Vert.x message of a rendered mail, as the Quarkus mailer builds it (no attachments here). */
    static MailMessage toMailMessage(Mail mail) {
        MailMessage m = new MailMessage()
                .setFrom(mail.getFrom())
                .setTo(mail.getTo())
                .setCc(mail.getCc())
                .setBcc(mail.getBcc())
                .setSubject(mail.getSubject())
                .setText(mail.getText())
                .setHtml(mail.getHtml());
        if (mail.getBounceAddress() != null) {
            m.setBounceAddress(mail.getBounceAddress());
        }
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        mail.getHeaders().forEach(headers::add);
        m.setHeaders(headers);
        if (mail.getReplyTo() != null) {
            m.addHeader("Reply-To", mail.getReplyTo());
        }
        return m;
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

    /**
     * Classifies a failed send: SMTP 5xx replies (a rejected recipient, 535 bad credentials) are
     * permanent, SMTP 4xx transient, connection failures, timeouts and TLS problems transient.
     */
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
            if (t.getMessage() != null && t.getMessage().startsWith("STARTTLS required")) {
                // require_tls and a server that does not offer STARTTLS (or a path that strips it):
                // retried, like Alertmanager does, with a reason an operator can act on.
                return new DeliveryResult.Retryable(
                        FailureReason.CONNECTION, "SMTP server does not offer STARTTLS (require_tls)", null);
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
