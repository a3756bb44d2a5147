package dev.loom.http.studio;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loom.json.Json;
import dev.loom.server.Lifecycle;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Server-Sent Events stream of the meter samples: an {@code event: sample} with the sample's JSON (the shape
 * of {@code GET /api/metrics/history}'s samples) and {@code id:} its seq, as each sample is taken. It ends with an
 * {@code event: end} when the server starts draining or after {@link #MAX_DURATION}, so that no stream outlives a
 * token's role change by long and a rolling update is not held up; the client opens a new one with a new ticket.
 * A client that goes away ends it at the next write.
 */
final class MetricsStream {
    /** The longest a stream stays open. */
    static final Duration MAX_DURATION = Duration.ofMinutes(5);
    /** How often a comment line keeps an idle connection from being cut by proxies. */
    static final Duration KEEPALIVE = Duration.ofSeconds(15);
    /** What the client waits before reconnecting when the connection drops ({@code retry:}, in ms). */
    static final long RETRY_MILLIS = 2000;
    private static final Duration CHECK = Duration.ofMillis(500);
    private static final Logger LOG = LoggerFactory.getLogger(MetricsStream.class);

    private final MeterHistory history;
    private final Lifecycle lifecycle;
    private final Function<MeterHistory.Sample, ObjectNode> json;
    private final long after;

    /**
     * @param after the seq after which samples are sent (those the client has); older retained samples after it
     *              are sent at once
     */
    MetricsStream(MeterHistory history, Lifecycle lifecycle, Function<MeterHistory.Sample, ObjectNode> json,
                  long after) {
        this.history = history;
        this.lifecycle = lifecycle;
        this.json = json;
        this.after = after;
    }

    /** Writes events until the stream ends; returns normally when the client disconnected. */
    void writeTo(OutputStream out) throws IOException {
        long deadline = System.nanoTime() + MAX_DURATION.toNanos();
        long last = after;
        long lastWrite = System.nanoTime();
        try {
            write(out, "retry: " + RETRY_MILLIS + "\n\n");
            while (lifecycle.acceptsWork() && System.nanoTime() < deadline) {
                List<MeterHistory.Sample> samples = history.awaitAfter(last, CHECK);
                StringBuilder events = new StringBuilder();
                for (MeterHistory.Sample s : samples) {
                    events.append("id: ").append(s.seq()).append("\nevent: sample\ndata: ")
                            .append(Json.write(json.apply(s))).append("\n\n");
                    last = s.seq();
                }
                if (events.isEmpty() && System.nanoTime() - lastWrite > KEEPALIVE.toNanos()) {
                    events.append(": keepalive\n\n");
                }
                if (!events.isEmpty()) {
                    write(out, events.toString());
                    lastWrite = System.nanoTime();
                }
            }
            String reason = lifecycle.acceptsWork() ? "expired" : "draining";
            write(out, "event: end\ndata: {\"reason\":\"" + reason + "\"}\n\n");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | UncheckedIOException e) {
            // The client closed the stream (a tab closed, a page left): nothing is wrong and nobody is left to tell.
            LOG.debug("event stream ended by its client", e);
        }
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
