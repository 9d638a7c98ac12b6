package io.rapport.common.runtime;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Stops the service when the local-stack launcher that started it is gone (killed without running
 * its shutdown hook), so a local run never leaves orphan JVMs. Inactive unless {@code
 * RAPPORT_PARENT_PID} is set, which only the launcher does.
 */
@ApplicationScoped
public class ParentProcessWatchdog {
    private static final Logger LOG = Logger.getLogger(ParentProcessWatchdog.class);

    @ConfigProperty(name = "rapport.parent-pid")
    Optional<Long> parentPid;

    void onStart(@Observes StartupEvent event) {
        if (parentPid.isEmpty()) {
            return;
        }
        Optional<ProcessHandle> parent = ProcessHandle.of(parentPid.get());
        Thread watchdog = new Thread(
                () -> {
                    while (parent.map(ProcessHandle::isAlive).orElse(false)) {
                        try {
                            Thread.sleep(1000);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                    LOG.warnf("Launcher process %d is gone; stopping", parentPid.get());
                    Quarkus.asyncExit(0);
                },
                "rapport-parent-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }
}
