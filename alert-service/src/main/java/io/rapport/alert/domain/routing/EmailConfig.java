package io.rapport.alert.domain.routing;

import java.util.Map;

/** One {@code email_configs} entry, with unset fields already filled from {@code global}. */
public record EmailConfig(
        boolean sendResolved,
        String to,
        String from,
        String hello,
        String smarthost,
        String authUsername,
        Secret authPassword,
        String authPasswordFile,
        String authIdentity,
        Map<String, String> headers,
        String html,
        String text,
        boolean requireTls) {

    public EmailConfig {
        headers = Map.copyOf(headers);
    }
}
