package io.rapport.alert.notify.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rapport.alert.domain.routing.Secret;
import io.rapport.alert.domain.routing.SmtpTransport;
import io.rapport.alert.domain.routing.SmtpTransport.Security;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.mail.LoginOption;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.MailResult;
import io.vertx.ext.mail.StartTLSOptions;
import io.vertx.mutiny.ext.mail.MailClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The client cache of e-mail integrations (one client per transport, closed when replaced or stopped) and its Vert.x settings. */
class SmtpClientsTest {

    /** A Vert.x mail client that only records whether it was closed. */
    static final class FakeClient implements io.vertx.ext.mail.MailClient {
        final MailConfig config;
        boolean closed;

        FakeClient(MailConfig config) {
            this.config = config;
        }

        @Override
        public io.vertx.ext.mail.MailClient sendMail(MailMessage message, Handler<AsyncResult<MailResult>> handler) {
            handler.handle(Future.succeededFuture(new MailResult()));
            return this;
        }

        @Override
        public void close(Handler<AsyncResult<Void>> handler) {
            closed = true;
            handler.handle(Future.succeededFuture());
        }
    }

    private final List<FakeClient> created = new ArrayList<>();
    private final SmtpClients clients = new SmtpClients(
            c -> {
                FakeClient f = new FakeClient(c);
                created.add(f);
                return new MailClient(f);
            },
            Duration.ofSeconds(3));

    private static SmtpTransport relay(String password) {
        return new SmtpTransport("relay.test", 587, Security.STARTTLS, "svc", Secret.of(password), "rapport.test");
    }

    @Test
    void oneClientPerTransportReused() {
        MailClient a = clients.client(relay("pw-1"));
        MailClient b = clients.client(new SmtpTransport("mx.test", 25, Security.NONE, null, null, null));
        assertThat(clients.client(relay("pw-1"))).isSameAs(a);
        assertThat(b).isNotSameAs(a);
        assertThat(created).hasSize(2);
        assertThat(clients.size()).isEqualTo(2);
    }

    @Test
    void aChangedPasswordReplacesAndClosesTheClientOfTheOldOne() {
        clients.client(relay("pw-1"));
        clients.client(relay("pw-2"));
        assertThat(created).hasSize(2);
        assertThat(created.get(0).closed).isTrue();
        assertThat(created.get(1).closed).isFalse();
        assertThat(clients.size()).isEqualTo(1);
    }

    @Test
    void closingClosesEveryClientAndRefusesNewOnes() {
        clients.client(relay("pw-1"));
        clients.client(new SmtpTransport("mx.test", 25, Security.NONE, null, null, null));
        clients.close();
        assertThat(created).allSatisfy(c -> assertThat(c.closed).isTrue());
        assertThat(clients.size()).isZero();
        assertThatThrownBy(() -> clients.client(relay("pw-1"))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void startTlsRequiredWithAuthentication() {
        MailConfig c = SmtpClients.mailConfig(relay("pw-SECRET"), Duration.ofSeconds(3));
        assertThat(c.getHostname()).isEqualTo("relay.test");
        assertThat(c.getPort()).isEqualTo(587);
        assertThat(c.isSsl()).isFalse();
        assertThat(c.getStarttls()).isEqualTo(StartTLSOptions.REQUIRED);
        assertThat(c.getHostnameVerificationAlgorithm()).isEqualTo("HTTPS");
        assertThat(c.isTrustAll()).isFalse();
        assertThat(c.getLogin()).isEqualTo(LoginOption.NONE);
        assertThat(c.getAuthMethods()).isEqualTo("PLAIN LOGIN");
        assertThat(c.getUsername()).isEqualTo("svc");
        assertThat(c.getPassword()).isEqualTo("pw-SECRET");
        assertThat(c.getOwnHostname()).isEqualTo("rapport.test");
        assertThat(c.isKeepAlive()).isFalse();
        assertThat(c.getConnectTimeout()).isEqualTo(3000);
    }

    @Test
    void plainWithoutAuthenticationAndSmtps() {
        MailConfig plain = SmtpClients.mailConfig(
                new SmtpTransport("mx.test", 25, Security.NONE, null, null, null), Duration.ofSeconds(3));
        assertThat(plain.getStarttls()).isEqualTo(StartTLSOptions.DISABLED);
        assertThat(plain.isSsl()).isFalse();
        assertThat(plain.getLogin()).isEqualTo(LoginOption.DISABLED);
        assertThat(plain.getUsername()).isNull();

        MailConfig smtps = SmtpClients.mailConfig(
                new SmtpTransport("mx.test", 465, Security.IMPLICIT_TLS, null, null, null), Duration.ofSeconds(3));
        assertThat(smtps.isSsl()).isTrue();
        assertThat(smtps.getStarttls()).isEqualTo(StartTLSOptions.DISABLED);
        assertThat(smtps.getHostnameVerificationAlgorithm()).isEqualTo("HTTPS");
    }
}
