package io.rapport.alert.domain.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rapport.alert.domain.routing.SmtpTransport.Security;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The transport of each email_config: global defaults, receiver overrides, TLS modes, and when the default mailer serves it. */
class SmtpTransportTest {

    private static final String GLOBAL = """
            global:
              smtp_from: rapport@example.com
              smtp_smarthost: 'smtp.example.com:587'
              smtp_auth_username: relay-user
              smtp_auth_password: global-SECRET
              smtp_hello: rapport.example.com
            route: {receiver: inherits}
            """;

    private static List<SmtpTransport> transports(String yaml) {
        AlertingConfig c = new AlertingConfigParser(Map.<String, String>of()::get).parse(yaml);
        return c.receivers().stream()
                .flatMap(r -> r.emailConfigs().stream())
                .map(e -> SmtpTransport.of(e, e.authPassword()))
                .toList();
    }

    @Test
    void globalDefaultsApplyAndReceiversOverrideThem() {
        List<SmtpTransport> t = transports(GLOBAL + """
                receivers:
                  - name: inherits
                    email_configs: [{to: a@example.com}]
                  - name: own-smarthost
                    email_configs: [{to: b@example.com, smarthost: 'mx.other.test:2525', require_tls: false}]
                  - name: own-user
                    email_configs: [{to: c@example.com, auth_username: team-c, auth_password: c-SECRET, hello: c.test}]
                  - name: smtps
                    email_configs: [{to: d@example.com, smarthost: 'smtps.example.com:465', require_tls: false}]
                """);
        assertThat(t.get(0))
                .isEqualTo(new SmtpTransport(
                        "smtp.example.com",
                        587,
                        Security.STARTTLS,
                        "relay-user",
                        Secret.of("global-SECRET"),
                        "rapport.example.com"));
        // Auth comes from global as a whole unless the receiver names its own user (Alertmanager).
        assertThat(t.get(1))
                .isEqualTo(new SmtpTransport(
                        "mx.other.test",
                        2525,
                        Security.NONE,
                        "relay-user",
                        Secret.of("global-SECRET"),
                        "rapport.example.com"));
        assertThat(t.get(2))
                .isEqualTo(new SmtpTransport(
                        "smtp.example.com", 587, Security.STARTTLS, "team-c", Secret.of("c-SECRET"), "c.test"));
        // Port 465 is TLS from the first byte whatever require_tls says.
        assertThat(t.get(3).security()).isEqualTo(Security.IMPLICIT_TLS);
    }

    @Test
    void globalRequireTlsIsTheDefaultAndAnEmptyUserMeansNoAuthentication() {
        List<SmtpTransport> t = transports("""
                global: {smtp_from: r@example.com, smtp_smarthost: 'localhost:1025', smtp_require_tls: false,
                         smtp_auth_username: '', smtp_auth_password: ''}
                route: {receiver: a}
                receivers:
                  - name: a
                    email_configs: [{to: a@example.com}, {to: b@example.com, require_tls: true}]
                """);
        assertThat(t.get(0).security()).isEqualTo(Security.NONE);
        assertThat(t.get(0).authenticates()).isFalse();
        assertThat(t.get(0).password()).isNull();
        assertThat(t.get(0).hello()).isEqualTo("localhost");
        assertThat(t.get(1).security()).isEqualTo(Security.STARTTLS);
    }

    static Stream<Arguments> smarthosts() {
        return Stream.of(
                Arguments.of("smtp.example.com:25", "smtp.example.com", 25, "smtp.example.com:25"),
                Arguments.of("10.0.0.7:587", "10.0.0.7", 587, "10.0.0.7:587"),
                Arguments.of("[::1]:2525", "::1", 2525, "[::1]:2525"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("smarthosts")
    void smarthostIsSplitIntoHostAndPort(String smarthost, String host, int port, String address) {
        SmtpTransport t = SmtpTransport.of(email(smarthost, true, null), null);
        assertThat(t.host()).isEqualTo(host);
        assertThat(t.port()).isEqualTo(port);
        assertThat(t.address()).isEqualTo(address);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void aBadSmarthostIsRejected(String smarthost) {
        assertThatThrownBy(() -> SmtpTransport.of(email(smarthost, true, null), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("smarthost " + smarthost + ": expected host:port");
    }

    static Stream<String> aBadSmarthostIsRejected() {
        return Stream.of("smtp.example.com:smtp", "smtp.example.com:0", "smtp.example.com:70000", ":25", "[]:25");
    }

    private static EmailConfig email(String smarthost, boolean requireTls, String user) {
        return new EmailConfig(
                false,
                "to@example.com",
                "from@example.com",
                "localhost",
                smarthost,
                user,
                user == null ? null : Secret.of("pw-SECRET"),
                null,
                "",
                Map.of(),
                null,
                null,
                requireTls);
    }

    private static SmtpTransport t(String address, Security security, String user, String password) {
        String[] hp = address.split(":");
        return new SmtpTransport(hp[0], Integer.parseInt(hp[1]), security, user, Secret.of(password), "localhost");
    }

    static Stream<Arguments> servedBy() {
        SmtpTransport mailerPlain = t("mail:25", Security.NONE, null, null);
        SmtpTransport mailerOptional = t("mail:25", Security.OPPORTUNISTIC, null, null);
        SmtpTransport mailerStartTls = t("mail:587", Security.STARTTLS, "svc", "svc-pw");
        SmtpTransport mailerSmtps = t("mail:465", Security.IMPLICIT_TLS, "svc", "svc-pw");
        return Stream.of(
                Arguments.of("same plain transport", t("mail:25", Security.NONE, null, null), mailerPlain, true),
                Arguments.of(
                        "require_tls false, mailer STARTTLS optional",
                        t("mail:25", Security.NONE, null, null),
                        mailerOptional,
                        true),
                Arguments.of("other host", t("relay:25", Security.NONE, null, null), mailerPlain, false),
                Arguments.of("other port", t("mail:2525", Security.NONE, null, null), mailerPlain, false),
                Arguments.of("host case", t("MAIL:25", Security.NONE, null, null), mailerPlain, true),
                Arguments.of(
                        "require_tls, mailer plain", t("mail:25", Security.STARTTLS, null, null), mailerPlain, false),
                Arguments.of(
                        "require_tls, mailer optional",
                        t("mail:25", Security.STARTTLS, null, null),
                        mailerOptional,
                        false),
                Arguments.of(
                        "require_tls, mailer required",
                        t("mail:587", Security.STARTTLS, null, null),
                        mailerStartTls,
                        true),
                Arguments.of(
                        "no tls asked, mailer required",
                        t("mail:587", Security.NONE, null, null),
                        mailerStartTls,
                        true),
                Arguments.of(
                        "smtps, mailer smtps", t("mail:465", Security.IMPLICIT_TLS, null, null), mailerSmtps, true),
                Arguments.of(
                        "smtps, mailer STARTTLS",
                        t("mail:465", Security.IMPLICIT_TLS, null, null),
                        t("mail:465", Security.STARTTLS, null, null),
                        false),
                Arguments.of(
                        "no credentials, mailer has some",
                        t("mail:587", Security.NONE, null, null),
                        mailerStartTls,
                        true),
                Arguments.of(
                        "same credentials", t("mail:587", Security.STARTTLS, "svc", "svc-pw"), mailerStartTls, true),
                Arguments.of("other password", t("mail:587", Security.STARTTLS, "svc", "other"), mailerStartTls, false),
                Arguments.of("other user", t("mail:587", Security.STARTTLS, "team", "svc-pw"), mailerStartTls, false),
                Arguments.of(
                        "credentials, mailer none", t("mail:25", Security.NONE, "svc", "svc-pw"), mailerPlain, false));
    }

    @ParameterizedTest(name = "{0}: {3}")
    @MethodSource
    void servedBy(String name, SmtpTransport integration, SmtpTransport mailer, boolean served) {
        assertThat(integration.servedBy(mailer)).isEqualTo(served);
    }

    @Test
    void thePasswordNeverPrintsAndOnlyComesWithAUser() {
        SmtpTransport t = new SmtpTransport("mail", 587, Security.STARTTLS, "svc", Secret.of("pw-SECRET"), "h");
        assertThat(t.toString()).isEqualTo("smtp mail:587 (STARTTLS, user svc)").doesNotContain("SECRET");
        assertThat(t.withoutPassword().password()).isNull();
        assertThat(t.withoutPassword()).isNotEqualTo(t);
        assertThat(new SmtpTransport("mail", 25, Security.NONE, "", Secret.of("pw"), "").password())
                .isNull();
    }
}
