package dev.loom.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy in front of a server that, on its first connection, forwards the request and waits until the
 * server answers, then closes the client's connection without passing the answer on: the request took effect but
 * the client saw a broken connection. Later connections are relayed both ways.
 */
final class DroppingProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final int target;
    private final AtomicInteger connections = new AtomicInteger();

    DroppingProxy(int targetPort) throws IOException {
        this.target = targetPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(this::acceptLoop);
    }

    String url() {
        return "http://127.0.0.1:" + listener.getLocalPort();
    }

    /** Connections accepted so far. */
    int connections() {
        return connections.get();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return;
            }
            int n = connections.incrementAndGet();
            Thread.ofVirtual().start(() -> serve(client, n == 1));
        }
    }

    private void serve(Socket client, boolean drop) {
        try (client; Socket server = new Socket(InetAddress.getLoopbackAddress(), target)) {
            if (drop) {
                server.getOutputStream().write(readRequest(client.getInputStream()));
                server.getOutputStream().flush();
                // The server answered, so it acted on the request; the client is cut off before seeing any of it.
                if (server.getInputStream().read() < 0) {
                    throw new IOException("the server closed without answering");
                }
                return;
            }
            Thread up = Thread.ofVirtual().start(() -> copy(client, server));
            copy(server, client);
            up.join();
        } catch (IOException | InterruptedException e) {
            // The test sees the effect (a failed or successful call); a relay error here has no one else to tell.
            System.err.println("proxy connection ended: " + e);
        }
    }

    /** One HTTP/1.1 request with a Content-Length body, as sent. */
    private static byte[] readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the client closed mid-request");
            }
            head.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String headers = head.toString(StandardCharsets.ISO_8859_1);
        int length = 0;
        for (String line : headers.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(line.indexOf(':') + 1).strip());
            }
        }
        head.write(in.readNBytes(length));
        return head.toByteArray();
    }

    private static void copy(Socket from, Socket to) {
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            in.transferTo(out);
            to.shutdownOutput();
        } catch (SocketException e) {
            // The other side closed: the relay is over.
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
