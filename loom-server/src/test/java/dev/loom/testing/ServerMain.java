package dev.loom.testing;

import dev.loom.config.LoomConfig;
import dev.loom.server.LoomServer;
import java.util.Optional;

/** Runs a server in a child JVM for process-level tests: configuration from the environment, prints its port. */
public final class ServerMain {
    private ServerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        LoomServer server = LoomServer.start(LoomConfig.load(Optional.empty(), System.getenv()));
        System.out.println("PORT=" + server.port());
        System.out.flush();
        server.awaitTermination();
    }
}
