package io.rapport.alert.notify.email;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.mailer.Mail;
import io.rapport.alert.domain.dispatch.DeliveryResult;
import io.rapport.alert.domain.dispatch.FailureReason;
import io.rapport.alert.domain.routing.Secret;
import io.rapport.alert.domain.routing.SmtpTransport;
import io.rapport.alert.domain.routing.SmtpTransport.Security;
import io.vertx.core.impl.NoStackTraceThrowable;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.SMTPException;
import java.net.ConnectException;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The e-mail notifier's pure parts: the default mailer's transport, failure classification, message conversion. */
class EmailNotifierTest {

    static Stream<Arguments> mailerSettings() {
        return Stream.of(
                Arguments.of(false, "DISABLED", Security.NONE),
                Arguments.of(false, "OPTIONAL", Security.OPPORTUNISTIC),
                Arguments.of(false, "required", Security.STARTTLS),
                Arguments.of(true, "OPTIONAL", Security.IMPLICIT_TLS));
    }

    @ParameterizedTest(name = "tls={0} start-tls={1} -> {2}")
    @MethodSource("mailerSettings")
    void theDefaultMailersTransportFollowsQuarkusMailerSettings(boolean tls, String startTls, Security security) {
        SmtpTransport t = EmailNotifier.mailerTransport(
                "smtp.example.com", 587, tls, startTls, Optional.of("svc"), Optional.of("pw-SECRET"));
        assertThat(t)
                .isEqualTo(new SmtpTransport("smtp.example.com", 587, security, "svc", Secret.of("pw-SECRET"), null));
        assertThat(EmailNotifier.mailerTransport("h", 25, false, "DISABLED", Optional.empty(), Optional.empty())
                        .authenticates())
                .isFalse();
    }

    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of(
                        new SMTPException(
                                "AUTH PLAIN failed", 535, List.of("5.7.8 Authentication credentials invalid"), false),
                        new DeliveryResult.Permanent(FailureReason.SMTP_REJECTED, "SMTP 535")),
                Arguments.of(
                        new SMTPException("MAIL FROM failed", 530, List.of("5.7.0 Authentication required"), false),
                        new DeliveryResult.Permanent(FailureReason.SMTP_REJECTED, "SMTP 530")),
                Arguments.of(
                        new SMTPException(
                                "AUTH PLAIN failed", 454, List.of("4.7.0 Temporary authentication failure"), false),
                        new DeliveryResult.Retryable(FailureReason.SMTP_TRANSIENT, "SMTP 454", null)),
                Arguments.of(
                        new NoStackTraceThrowable("STARTTLS required but not supported by server"),
                        new DeliveryResult.Retryable(
                                FailureReason.CONNECTION, "SMTP server does not offer STARTTLS (require_tls)", null)),
                Arguments.of(
                        new RuntimeException(new ConnectException("Connection refused: relay.test/10.0.0.1:587")),
                        new DeliveryResult.Retryable(FailureReason.CONNECTION, "SMTP connection refused", null)),
                Arguments.of(
                        new io.smallrye.mutiny.TimeoutException(),
                        new DeliveryResult.Retryable(FailureReason.TIMEOUT, "SMTP timeout", null)));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("failures")
    void failuresAreClassified(Throwable failure, DeliveryResult expected) {
        assertThat(EmailNotifier.classify(failure)).isEqualTo(expected);
    }

    @Test
    void theVertxMessageCarriesEverythingRendered() {
        Mail mail = Mail.withHtml("to@example.com", "subject", "<p>html</p>")
                .setText("text")
                .setFrom("from@example.com")
                .addCc("cc@example.com")
                .setReplyTo("reply@example.com")
                .addHeader("Message-ID", "<k@rapport.local>")
                .addHeader("References", "<root@rapport.local>");
        MailMessage m = EmailNotifier.toMailMessage(mail);
        assertThat(m.getFrom()).isEqualTo("from@example.com");
        assertThat(m.getTo()).containsExactly("to@example.com");
        assertThat(m.getCc()).containsExactly("cc@example.com");
        assertThat(m.getSubject()).isEqualTo("subject");
        assertThat(m.getText()).isEqualTo("text");
        assertThat(m.getHtml()).isEqualTo("<p>html</p>");
        assertThat(m.getHeaders().get("message-id")).isEqualTo("<k@rapport.local>");
        assertThat(m.getHeaders().get("References")).isEqualTo("<root@rapport.local>");
        assertThat(m.getHeaders().get("Reply-To")).isEqualTo("reply@example.com");
    }
}
