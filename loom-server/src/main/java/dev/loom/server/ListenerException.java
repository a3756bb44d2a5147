package dev.loom.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * The HTTP listener could not be opened on the configured address (port in use, an address that is not this
 * machine's, a privileged port). The message says which address, why and which setting to change.
 */
public final class ListenerException extends RuntimeException {
    private ListenerException(String message) {
        super(message);
    }

    /**
     * The failure to listen on {@code host:port}. Helidon only logs why its listener failed, so the reason is
     * found again by binding the address once more here (and closing it at once).
     */
    static ListenerException cannotListen(String host, int port) {
        String address = (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        String reason;
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(host, port));
            reason = "the listener failed to start (see the error logged above); the address itself can be bound";
        } catch (IOException e) {
            reason = describe(e);
        }
        return new ListenerException("cannot listen on " + address + ": " + reason);
    }

    private static String describe(IOException e) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("Address already in use")) {
            return "the port is already in use (another process, perhaps a Loom server, listens on it); stop that"
                    + " process or choose another port (http.port, LOOM_HTTP_PORT or --port)";
        }
        if (message.contains("Cannot assign requested address") || e instanceof java.net.UnknownHostException) {
            return "the host is not an address of this machine (" + message + "); set http.host / LOOM_HTTP_HOST to"
                    + " one of its addresses, 127.0.0.1 for this machine only or 0.0.0.0 for all interfaces";
        }
        if (message.contains("Permission denied")) {
            return "permission denied (ports below 1024 need privileges); choose a port from 1024 (http.port,"
                    + " LOOM_HTTP_PORT or --port)";
        }
        return message + "; check http.host (LOOM_HTTP_HOST) and http.port (LOOM_HTTP_PORT)";
    }
}
