package io.rapport.alert.domain.routing;

import java.util.Objects;

/**
 * How one e-mail integration reaches its SMTP server, resolved the way Alertmanager does it: the
 * smarthost's host and port, TLS from the first byte on port 465, else STARTTLS when {@code
 * require_tls} is true (the default) and none when false, the {@code auth_username} and its
 * password (already read from {@code auth_password_file} when one is configured), and the {@code
 * hello} (EHLO) name. Prints without the password.
 */
public record SmtpTransport(String host, int port, Security security, String username, Secret password, String hello) {

    /** The port on which Alertmanager speaks TLS from the first byte (SMTPS). */
    public static final int SMTPS_PORT = 465;

    /** Transport security. */
    public enum Security {
        /** Plain SMTP; STARTTLS is never issued ({@code require_tls: false}). */
        NONE,
        /** STARTTLS when the server offers it, plain otherwise (the Quarkus mailer's OPTIONAL; not Alertmanager's). */
        OPPORTUNISTIC,
        /** STARTTLS is required: a server that does not offer it gets no mail ({@code require_tls: true}). */
        STARTTLS,
        /** TLS from the first byte (SMTPS, port 465). */
        IMPLICIT_TLS;

        /** Whether the connection is always encrypted. */
        public boolean enforcesTls() {
            return this == STARTTLS || this == IMPLICIT_TLS;
        }
    }

    public SmtpTransport {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(security, "security");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        username = username == null || username.isEmpty() ? null : username;
        password = username == null ? null : password;
        hello = hello == null || hello.isEmpty() ? null : hello;
    }

    /**
     * The transport of an {@code email_configs} entry ({@link EmailConfig} already holds the global
     * defaults); {@code password} is its {@code auth_password}, or the content of its {@code
     * auth_password_file}.
     *
     * @throws IllegalArgumentException if the smarthost is not {@code host:port} with a numeric port
     */
    public static SmtpTransport of(EmailConfig c, Secret password) {
        String smarthost = c.smarthost();
        int colon = smarthost.lastIndexOf(':');
        if (colon <= 0 || colon == smarthost.length() - 1) {
            throw new IllegalArgumentException("smarthost " + smarthost + ": expected host:port");
        }
        String host = smarthost.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(smarthost.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 1 || port > 65535 || host.isEmpty()) {
            throw new IllegalArgumentException(
                    "smarthost " + smarthost + ": expected host:port with a port in 1-65535");
        }
        Security security;
        if (port == SMTPS_PORT) {
            security = Security.IMPLICIT_TLS;
        } else {
            security = c.requireTls() ? Security.STARTTLS : Security.NONE;
        }
        return new SmtpTransport(host, port, security, c.authUsername(), password, c.hello());
    }

    /** Whether the client authenticates (an {@code auth_username} is set). */
    public boolean authenticates() {
        return username != null;
    }

    /** {@code host:port}, IPv6 hosts in brackets. */
    public String address() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /**
     * Whether a client configured as {@code shared} (the service's default mailer) delivers this
     * integration's mail as it asks: same host and port; TLS enforced by {@code shared} when this
     * transport requires it (TLS from the first byte when this one uses it; a transport that does
     * not require TLS is served by any); and no credentials of this transport's own, or the same
     * ones (the shared client may authenticate where this one would not). The EHLO name is not
     * compared: the shared client keeps its own.
     */
    public boolean servedBy(SmtpTransport shared) {
        if (!host.equalsIgnoreCase(shared.host) || port != shared.port) {
            return false;
        }
        if (security == Security.IMPLICIT_TLS && shared.security != Security.IMPLICIT_TLS) {
            return false;
        }
        if (security.enforcesTls() && !shared.security.enforcesTls()) {
            return false;
        }
        return !authenticates() || (username.equals(shared.username) && Objects.equals(password, shared.password));
    }

    /** This transport without its password: what identifies one client across password rotations. */
    public SmtpTransport withoutPassword() {
        return password == null ? this : new SmtpTransport(host, port, security, username, null, hello);
    }

    @Override
    public String toString() {
        return "smtp " + address() + " (" + security + (authenticates() ? ", user " + username : "") + ")";
    }
}
