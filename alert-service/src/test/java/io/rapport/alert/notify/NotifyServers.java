package io.rapport.alert.notify;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

/** The SMTP server (GreenMail) and HTTP server (WireMock, Slack and webhooks) of notification tests. */
public final class NotifyServers {
    /** Path of each Slack webhook: the trailing part plays the secret token. */
    public static final String SLACK_SUPPORT = "/slack/support/T000-SECRET-support";

    public static final String SLACK_ACCOUNT_TEAM = "/slack/account-team/T000-SECRET-account";
    public static final String SLACK_SALES = "/slack/sales/T000-SECRET-sales";
    public static final String WEBHOOK = "/alerts";
    public static final String HMAC_SECRET = "hmac-SECRET-for-tests";

    private final WireMockServer http;
    private final ServerSetup smtpSetup;
    private volatile GreenMail smtp;

    NotifyServers(WireMockServer http, ServerSetup smtpSetup, GreenMail smtp) {
        this.http = http;
        this.smtpSetup = smtpSetup;
        this.smtp = smtp;
    }

    public WireMockServer http() {
        return http;
    }

    public GreenMail smtp() {
        return smtp;
    }

    /** Takes the SMTP server down (an outage). */
    public synchronized void stopSmtp() {
        smtp.stop();
    }

    /** Brings the SMTP server back on the same port, with an empty mailbox. */
    public synchronized void startSmtp() {
        smtp = new GreenMail(smtpSetup);
        smtp.start();
    }

    void stop() {
        http.stop();
        smtp.stop();
    }
}
