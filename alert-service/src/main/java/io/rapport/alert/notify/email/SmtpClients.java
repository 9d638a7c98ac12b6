package io.rapport.alert.notify.email;

import io.rapport.alert.domain.routing.SmtpTransport;
import io.rapport.alert.notify.NotifyConfig;
import io.vertx.ext.mail.LoginOption;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.StartTLSOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.mail.MailClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * The Vert.x SMTP clients of e-mail integrations that the default mailer does not serve, one per
 * {@link SmtpTransport}, created on first use. A client whose password changed (a rotated {@code
 * auth_password_file}) replaces and closes the previous one of the same host, port, security and
 * user, so there is at most one client per such combination of the routing file. All are closed
 * when the application stops.
 */
@ApplicationScoped
public class SmtpClients {
    private static final Logger LOG = Logger.getLogger(SmtpClients.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final Function<MailConfig, MailClient> factory;
    private final Duration timeout;
    private final Map<SmtpTransport, MailClient> clients = new HashMap<>();
    private boolean closed;

    @Inject
    SmtpClients(Vertx vertx, NotifyConfig config) {
        this(c -> MailClient.create(vertx, c), config.timeout());
    }

    /** With another client factory (tests). */
    SmtpClients(Function<MailConfig, MailClient> factory, Duration timeout) {
        this.factory = factory;
        this.timeout = timeout;
    }

    /** The client of {@code transport}. */
    public MailClient client(SmtpTransport transport) {
        MailClient superseded = null;
        MailClient client;
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("SMTP clients are closed: the application is stopping");
            }
            client = clients.get(transport);
            if (client != null) {
                return client;
            }
            SmtpTransport slot = transport.withoutPassword();
            for (Iterator<Map.Entry<SmtpTransport, MailClient>> it =
                            clients.entrySet().iterator();
                    it.hasNext(); ) {
                Map.Entry<SmtpTransport, MailClient> e = it.next();
                if (e.getKey().withoutPassword().equals(slot)) {
                    superseded = e.getValue();
                    it.remove();
                }
            }
            client = factory.apply(mailConfig(transport, timeout));
            clients.put(transport, client);
        }
        LOG.infof("SMTP client for %s created%s", transport, superseded == null ? "" : " (password changed)");
        if (superseded != null) {
            close(superseded);
        }
        return client;
    }

    /** How many clients are open. */
    public synchronized int size() {
        return clients.size();
    }

    /** Closes every client; later calls of {@link #client} fail. */
    @PreDestroy
    public void close() {
        List<MailClient> open;
        synchronized (this) {
            closed = true;
            open = new ArrayList<>(clients.values());
            clients.clear();
        }
        open.forEach(SmtpClients::close);
    }

    private static void close(MailClient client) {
        try {
            client.close().await().atMost(CLOSE_TIMEOUT);
        } catch (RuntimeException e) {
            LOG.debugf("closing an SMTP client failed: %s", e.getClass().getSimpleName());
        }
    }

    /**
     * The Vert.x configuration of a transport: Alertmanager's TLS modes (TLS from the first byte,
     * STARTTLS required, or none), the server certificate and host name verified against the JVM's
     * trust store, PLAIN or LOGIN authentication when a user is set and the server offers AUTH, the
     * EHLO name, and one connection per message.
     */
    static MailConfig mailConfig(SmtpTransport t, Duration timeout) {
        MailConfig c = new MailConfig()
                .setHostname(t.host())
                .setPort(t.port())
                .setSsl(t.security() == SmtpTransport.Security.IMPLICIT_TLS)
                .setStarttls(
                        switch (t.security()) {
                            case STARTTLS -> StartTLSOptions.REQUIRED;
                            case OPPORTUNISTIC -> StartTLSOptions.OPTIONAL;
                            case NONE, IMPLICIT_TLS -> StartTLSOptions.DISABLED;
                        })
                // Alertmanager sends mail rarely and opens a connection per message; so do these.
                .setKeepAlive(false)
                .setConnectTimeout((int) timeout.toMillis());
        c.setHostnameVerificationAlgorithm("HTTPS");
        if (t.hello() != null) {
            c.setOwnHostname(t.hello());
        }
        if (t.authenticates()) {
            // Like Alertmanager: authenticate when the server offers AUTH, with PLAIN or LOGIN.
            c.setLogin(LoginOption.NONE)
                    .setAuthMethods("PLAIN LOGIN")
                    .setUsername(t.username())
                    .setPassword(t.password() == null ? "" : t.password().reveal());
        } else {
            c.setLogin(LoginOption.DISABLED);
        }
        return c;
    }
}
