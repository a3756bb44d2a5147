package dev.loom.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loom.actor.ActorRef;
import dev.loom.actor.ActorType;
import dev.loom.actor.SendOptions;
import dev.loom.breaker.Breakers;
import dev.loom.delivery.DeadLetterQueue;
import dev.loom.spi.JournalEntry;
import dev.loom.spi.Lease;
import dev.loom.spi.Store;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;

final class Engine {
    private final LoomBuilder cfg;

    Engine(LoomBuilder cfg) {
        this.cfg = cfg;
    }

    private static IllegalStateException pending() {
        return new IllegalStateException("engine under construction");
    }

    void start() { throw pending(); }
    LoomStatus status() { throw pending(); }
    String nodeId() { return cfg.nodeId; }
    Store store() { return cfg.store; }
    Collection<ActorType<?, ?>> actorTypes() { return cfg.types.values(); }
    String send(ActorRef t, Object m, SendOptions o) { throw pending(); }
    String sendJson(ActorRef t, String mt, JsonNode p, SendOptions o) { throw pending(); }
    Reply ask(ActorRef t, Object m, SendOptions o, Duration d) { throw pending(); }
    Reply askJson(ActorRef t, String mt, JsonNode p, SendOptions o, Duration d) { throw pending(); }
    ActorState state(ActorRef a) { throw pending(); }
    ActorState stateAt(ActorRef a, long s) { throw pending(); }
    List<JournalEntry> journal(ActorRef a, long f, int l) { throw pending(); }
    List<ReplayStep> replay(ActorRef a, long f, long t) { throw pending(); }
    long snapshot(ActorRef a) { throw pending(); }
    void trim(ActorRef a, long u) { throw pending(); }
    DeadLetterQueue deadLetters() { throw pending(); }
    CacheStats cacheStats() { throw pending(); }
    int clearCache(String g) { throw pending(); }
    int warm(Collection<ActorRef> a) { throw pending(); }
    Set<Integer> heldPartitions() { throw pending(); }
    List<Lease> leases() { throw pending(); }
    Breakers breakers() { return cfg.breakers; }
    int inFlightTurns() { throw pending(); }
    boolean shutdown(Duration d) { throw pending(); }
    Duration drainTimeout() { return cfg.drainTimeout; }
}
