package io.rapport.alert.notify;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;

/**
 * Starts GreenMail (SMTP) and WireMock (Slack and webhooks) on dynamic 127.0.0.1 ports and points
 * the routing file's receivers and the mailer at them. Fields annotated {@link InjectNotifyServers}
 * receive the servers.
 */
public class NotifyServersResource implements QuarkusTestResourceLifecycleManager {
    private NotifyServers servers;

    @Override
    public Map<String, String> start() {
        WireMockServer http = new WireMockServer(
                options().dynamicPort().bindAddress("127.0.0.1").jettyAcceptors(1));
        http.start();
        int smtpPort = freePort();
        ServerSetup setup = new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
        GreenMail smtp = new GreenMail(setup);
        smtp.start();
        servers = new NotifyServers(http, setup, smtp);
        String base = "http://127.0.0.1:" + http.port();
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.mailer.host", "127.0.0.1");
        config.put("quarkus.mailer.port", Integer.toString(smtpPort));
        config.put("quarkus.mailer.mock", "false");
        config.put("quarkus.mailer.start-tls", "DISABLED");
        // No RAPPORT_SMTP_SMARTHOST: the routing file's smarthost follows the mailer's host and port.
        config.put("RAPPORT_SLACK_SUPPORT_URL", base + NotifyServers.SLACK_SUPPORT);
        config.put("RAPPORT_SLACK_ACCOUNT_TEAM_URL", base + NotifyServers.SLACK_ACCOUNT_TEAM);
        config.put("RAPPORT_SLACK_SALES_URL", base + NotifyServers.SLACK_SALES);
        config.put("RAPPORT_ALERT_WEBHOOK_URL", base + NotifyServers.WEBHOOK);
        config.put("RAPPORT_WEBHOOK_HMAC_SECRET", NotifyServers.HMAC_SECRET);
        config.put("rapport.alert.notify.retry-initial", "2s");
        config.put("rapport.alert.notify.slack-min-interval", "100ms");
        config.put("rapport.alert.notify.timeout", "3s");
        return config;
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(
                servers, new TestInjector.AnnotatedAndMatchesType(InjectNotifyServers.class, NotifyServers.class));
    }

    @Override
    public void stop() {
        if (servers != null) {
            servers.stop();
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
