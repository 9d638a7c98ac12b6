package io.rapport.alert.notify;

import com.icegreen.greenmail.smtp.SmtpConnection;
import com.icegreen.greenmail.smtp.SmtpManager;
import com.icegreen.greenmail.smtp.SmtpState;
import com.icegreen.greenmail.smtp.commands.SmtpCommand;
import com.icegreen.greenmail.smtp.commands.SmtpCommandRegistry;
import com.icegreen.greenmail.util.GreenMail;
import java.io.IOException;
import java.lang.reflect.Field;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Makes a GreenMail server require SMTP AUTH, as a relay does: {@code MAIL FROM} before a
 * successful {@code AUTH} gets {@code 530 5.7.0 Authentication required}. GreenMail accepts mail
 * without AUTH (it only checks credentials that are offered), so its MAIL command is wrapped, for
 * the servers registered here only.
 */
final class SmtpAuthRequired {
    private static final Set<SmtpManager> SERVERS = ConcurrentHashMap.newKeySet();

    private SmtpAuthRequired() {}

    /** From now on, {@code server} refuses mail from clients that did not authenticate. */
    static synchronized void on(GreenMail server) {
        try {
            // The command table is static and shared by every GreenMail server of the JVM.
            Field f = SmtpCommandRegistry.class.getDeclaredField("commands");
            f.setAccessible(true);
            @SuppressWarnings("unchecked")
            Map<String, SmtpCommand> commands = (Map<String, SmtpCommand>) f.get(null);
            SmtpCommand mail = commands.get("MAIL");
            if (!(mail instanceof Gate)) {
                commands.put("MAIL", new Gate(mail));
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot wrap GreenMail's MAIL command", e);
        }
        SERVERS.add(server.getManagers().getSmtpManager());
    }

    /** Forgets {@code server} (call before it stops). */
    static void off(GreenMail server) {
        SERVERS.remove(server.getManagers().getSmtpManager());
    }

    private static final class Gate extends SmtpCommand {
        private final SmtpCommand delegate;

        Gate(SmtpCommand delegate) {
            this.delegate = delegate;
        }

        @Override
        public void execute(SmtpConnection conn, SmtpState state, SmtpManager manager, String line) throws IOException {
            if (SERVERS.contains(manager) && !conn.isAuthenticated()) {
                conn.send("530 5.7.0 Authentication required");
                return;
            }
            delegate.execute(conn, state, manager, line);
        }
    }
}
