package dev.loom.health;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loom.breaker.BreakerView;
import dev.loom.runtime.Loom;
import dev.loom.server.Lifecycle;
import dev.loom.server.LoomVersion;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The health and readiness of the node. Health: the store answers a ping (else unhealthy, 503), partitions
 * are held and no breaker is open (else degraded, still 200: the node serves what it can). Readiness: not
 * starting, not draining, store reachable, at least one partition held.
 */
public final class HealthChecker {
    private final Loom loom;
    private final Lifecycle lifecycle;
    private final Clock clock;

    /** A readiness verdict; {@code reason} is empty when ready. */
    public record Readiness(boolean ready, Optional<String> reason) {
    }

    /** A health report: the status, whether it is served as 200, and the JSON body. */
    public record Report(String status, boolean ok, ObjectNode body) {
    }

    public HealthChecker(Loom loom, Lifecycle lifecycle, Clock clock) {
        this.loom = loom;
        this.lifecycle = lifecycle;
        this.clock = clock;
    }

    public Readiness readiness() {
        switch (lifecycle.phase()) {
            case STARTING -> {
                return notReady("starting");
            }
            case DRAINING, STOPPED -> {
                return notReady("draining");
            }
            default -> {
            }
        }
        Optional<String> storeProblem = pingStore().problem();
        if (storeProblem.isPresent()) {
            return notReady("store unreachable: " + storeProblem.get());
        }
        if (heldPartitions() == 0) {
            return notReady("no partitions held");
        }
        return new Readiness(true, Optional.empty());
    }

    public Report health() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        StorePing ping = pingStore();
        int held = heldPartitions();
        int total = loom.store().partitions();
        List<String> open = loom.breakers().list().stream()
                .filter(b -> b.state().contains("OPEN") && !b.state().equals("HALF_OPEN"))
                .map(BreakerView::name).toList();
        boolean draining = !lifecycle.acceptsWork();
        String status = ping.problem().isPresent() ? "unhealthy"
                : held == 0 || !open.isEmpty() || draining ? "degraded" : "healthy";
        ObjectNode body = f.objectNode();
        body.put("status", status);
        body.put("timestamp", clock.instant().toString());
        body.put("uptime", lifecycle.uptime().toSeconds());
        body.put("version", LoomVersion.get());
        ObjectNode checks = body.putObject("checks");
        ObjectNode store = checks.putObject("store").put("status", ping.problem().isPresent() ? "down" : "up")
                .put("latencyMs", ping.latencyMs());
        ping.problem().ifPresent(p -> store.put("message", p));
        checks.putObject("partitions").put("status", held > 0 ? "up" : "down").put("held", held).put("total", total);
        ObjectNode breakers = checks.putObject("breakers").put("status", open.isEmpty() ? "up" : "degraded");
        var openNames = breakers.putArray("open");
        open.forEach(openNames::add);
        checks.putObject("lifecycle").put("status", draining ? "draining" : "up")
                .put("phase", lifecycle.phase().name().toLowerCase(java.util.Locale.ROOT));
        return new Report(status, !status.equals("unhealthy"), body);
    }

    private record StorePing(double latencyMs, Optional<String> problem) {
    }

    private StorePing pingStore() {
        long start = System.nanoTime();
        Optional<String> problem;
        try {
            loom.store().ping();
            problem = Optional.empty();
        } catch (RuntimeException e) {
            problem = Optional.of(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        double ms = Math.round((System.nanoTime() - start) / 10_000.0) / 100.0;
        return new StorePing(ms, problem);
    }

    private int heldPartitions() {
        try {
            return loom.heldPartitions().size();
        } catch (RuntimeException e) {
            return 0;
        }
    }

    private static Readiness notReady(String reason) {
        return new Readiness(false, Optional.of(reason));
    }
}
