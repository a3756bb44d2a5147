package dev.loom.server;

import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * SIGTERM and SIGINT drain the running servers and exit with status 0 (1 if a drain timed out), rather than
 * the JVM's 143: orchestrators read 0 as a clean stop. Other exits still drain through the shutdown hook.
 */
final class SignalHandling {
    private static final Logger LOG = LoggerFactory.getLogger(SignalHandling.class);
    private static final Set<LoomServer> SERVERS = new CopyOnWriteArraySet<>();
    private static final AtomicBoolean INSTALLED = new AtomicBoolean();
    private static final AtomicBoolean EXITING = new AtomicBoolean();

    private SignalHandling() {
    }

    static void register(LoomServer server) {
        SERVERS.add(server);
        if (INSTALLED.compareAndSet(false, true)) {
            for (String name : new String[] {"TERM", "INT"}) {
                try {
                    Signal.handle(new Signal(name), SignalHandling::onSignal);
                } catch (IllegalArgumentException e) {
                    LOG.warn("cannot handle SIG{} on this platform ({}); the shutdown hook drains instead", name,
                            e.getMessage());
                }
            }
        }
    }

    static void unregister(LoomServer server) {
        SERVERS.remove(server);
    }

    private static void onSignal(Signal signal) {
        if (!EXITING.compareAndSet(false, true)) {
            return;
        }
        Thread.ofPlatform().name("loom-sig" + signal.getName().toLowerCase(java.util.Locale.ROOT)).start(() -> {
            LOG.info("SIG{} received: draining {} server(s)", signal.getName(), SERVERS.size());
            boolean clean = true;
            for (LoomServer s : SERVERS) {
                clean &= s.shutdown(s.drainTimeout());
            }
            System.exit(clean ? 0 : 1);
        });
    }
}
