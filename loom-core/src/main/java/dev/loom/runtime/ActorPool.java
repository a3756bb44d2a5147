package dev.loom.runtime;

import dev.loom.actor.ActorRef;
import dev.loom.actor.ActorType;
import dev.loom.spi.StoredMessage;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The active actors of this node, in least-recently-used order. This is Loom's cache of actor state: an
 * actor not in it is activated from the store on its next message. Idle actors are passivated after their
 * idle timeout, and the least recently used idle ones whenever the pool exceeds its capacity.
 */
final class ActorPool {
    private final TurnServices services;
    private final UnroutableMessages unroutable;
    private final int capacity;
    private final Duration passivateAfter;
    private final long shortestPassivationNanos;
    private final LinkedHashMap<ActorRef, ActorInstance<?, ?>> active = new LinkedHashMap<>(1024, 0.75f, true);
    private long activations;

    ActorPool(TurnServices services, UnroutableMessages unroutable, int capacity, Duration passivateAfter,
              Duration shortestPassivation) {
        this.services = services;
        this.unroutable = unroutable;
        this.capacity = capacity;
        this.passivateAfter = passivateAfter;
        this.shortestPassivationNanos = shortestPassivation.toNanos();
    }

    /**
     * Hands a fetched message to its actor, activating the actor if needed; a message to an actor type this node
     * does not have is dead-lettered.
     */
    void dispatch(PartitionWorker worker, StoredMessage m) {
        services.registry().find(m.envelope().target().type()).ifPresentOrElse(
                type -> dispatch(worker, type, m),
                () -> unroutable.deadLetter(worker, m));
    }

    private synchronized void dispatch(PartitionWorker worker, ActorType<?, ?> type, StoredMessage m) {
        instance(worker, type, m.envelope().target()).enqueue(m);
        evictOverCapacity();
    }

    /** Activates the actor without a message; false if it was already active. */
    synchronized boolean warm(PartitionWorker worker, ActorType<?, ?> type, ActorRef ref) {
        ActorInstance<?, ?> existing = active.get(ref);
        if (existing != null && existing.worker == worker) {
            existing.accessedNanos = System.nanoTime();
            return false;
        }
        instance(worker, type, ref).warm();
        evictOverCapacity();
        return true;
    }

    private ActorInstance<?, ?> instance(PartitionWorker worker, ActorType<?, ?> type, ActorRef ref) {
        ActorInstance<?, ?> a = active.get(ref);
        if (a != null && a.worker == worker) {
            services.metrics().cacheHit();
            a.accessedNanos = System.nanoTime();
            return a;
        }
        if (a != null) {
            a.retireNow();
        }
        services.metrics().cacheMiss();
        a = newInstance(worker, type, ref);
        active.put(ref, a);
        activations++;
        return a;
    }

    /** Called after the newest actor has its message, so it is busy and not evicted itself. */
    private void evictOverCapacity() {
        if (active.size() > capacity) {
            evict(active.size() - capacity, x -> true);
        }
    }

    private <S, M> ActorInstance<S, M> newInstance(PartitionWorker worker, ActorType<S, M> type, ActorRef ref) {
        return new ActorInstance<>(services, this, type, ref, worker);
    }

    /** The actor's committed state if it is active and loaded here. */
    synchronized Optional<ActorState> view(ActorRef ref) {
        ActorInstance<?, ?> a = active.get(ref);
        if (a == null) {
            return Optional.empty();
        }
        a.accessedNanos = System.nanoTime();
        return a.view();
    }

    /**
     * Passivates idle actors unused for longer than their idle timeout, and the least recently used idle ones
     * while the pool is over capacity (actors busy when they arrived are evicted here once idle).
     */
    synchronized int passivateIdle() {
        long now = System.nanoTime();
        int n = 0;
        Iterator<ActorInstance<?, ?>> it = active.values().iterator();
        while (it.hasNext()) {
            ActorInstance<?, ?> a = it.next();
            // Entries are in access order and every access stamps accessedNanos, so every later entry was accessed
            // (and last used) within the shortest timeout too: none of them can be idle long enough.
            if (now - a.accessedNanos <= shortestPassivationNanos) {
                break;
            }
            if (now - a.lastUsedNanos > a.type.passivateAfter().orElse(passivateAfter).toNanos() && a.tryRetire()) {
                it.remove();
                n++;
            }
        }
        if (n > 0) {
            services.metrics().evicted(n);
        }
        evictOverCapacity();
        return n;
    }

    /**
     * Passivates {@code actor} if it is still this pool's entry for its ref and idle (its type passivates it at the
     * state its last turn committed); a message that reached it meanwhile keeps it active.
     */
    synchronized void passivate(ActorInstance<?, ?> actor) {
        if (active.get(actor.ref) == actor && actor.tryRetire()) {
            active.remove(actor.ref);
            services.metrics().evicted(1);
        }
    }

    /** Passivates idle actors matching {@code which}; returns how many. */
    synchronized int passivate(Predicate<ActorRef> which) {
        return evict(Integer.MAX_VALUE, a -> which.test(a.ref));
    }

    /** Forgets every actor of {@code worker}'s partition at once (the partition was lost or released). */
    synchronized void drop(PartitionWorker worker) {
        Iterator<ActorInstance<?, ?>> it = active.values().iterator();
        while (it.hasNext()) {
            ActorInstance<?, ?> a = it.next();
            if (a.worker == worker) {
                a.retireNow();
                it.remove();
            }
        }
    }

    synchronized void clear() {
        active.values().forEach(ActorInstance::retireNow);
        active.clear();
    }

    synchronized int size() {
        return active.size();
    }

    synchronized CacheStats stats() {
        return new CacheStats(active.size(), capacity, services.metrics().hits(), services.metrics().misses(),
                services.metrics().evictions(), activations);
    }

    /** Evicts up to {@code max} idle actors matching {@code which}, least recently used first. */
    private int evict(int max, Predicate<ActorInstance<?, ?>> which) {
        int n = 0;
        Iterator<Map.Entry<ActorRef, ActorInstance<?, ?>>> it = active.entrySet().iterator();
        while (n < max && it.hasNext()) {
            ActorInstance<?, ?> a = it.next().getValue();
            if (which.test(a) && a.tryRetire()) {
                it.remove();
                n++;
            }
        }
        if (n > 0) {
            services.metrics().evicted(n);
        }
        return n;
    }
}
