package dev.loom.store.memory;

import dev.loom.spi.Lease;
import dev.loom.spi.LeaseStore;
import dev.loom.spi.NodeRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A lease or membership is expired at {@code now} once {@code now} is not before its {@code expiresAt}. */
final class MemoryLeaseStore implements LeaseStore {
    private final Access access;
    private final MemoryState state;

    MemoryLeaseStore(Access access, MemoryState state) {
        this.access = access;
        this.state = state;
    }

    /** @throws IllegalArgumentException if the partition is out of range */
    @Override
    public Optional<Lease> acquire(int partition, String nodeId, Duration ttl, Instant now) {
        if (partition < 0 || partition >= state.partitions) {
            throw new IllegalArgumentException("partition must be 0.." + (state.partitions - 1) + ": " + partition);
        }
        return access.call(() -> {
            Lease current = state.leases.get(partition);
            if (current != null && !current.holder().equals(nodeId) && current.expiresAt().isAfter(now)) {
                return Optional.empty();
            }
            Lease taken = new Lease(partition, nodeId, current == null ? 1 : current.epoch() + 1, now.plus(ttl));
            state.leases.put(partition, taken);
            return Optional.of(taken);
        });
    }

    @Override
    public Optional<Lease> renew(Lease lease, Duration ttl, Instant now) {
        return access.call(() -> {
            if (!isCurrent(lease)) {
                return Optional.empty();
            }
            Lease renewed = new Lease(lease.partition(), lease.holder(), lease.epoch(), now.plus(ttl));
            state.leases.put(lease.partition(), renewed);
            return Optional.of(renewed);
        });
    }

    @Override
    public void release(Lease lease) {
        access.run(() -> {
            if (isCurrent(lease)) {
                state.leases.put(lease.partition(), new Lease(lease.partition(), lease.holder(), lease.epoch(),
                        Instant.EPOCH));
            }
        });
    }

    @Override
    public List<Lease> all() {
        return access.call(() -> List.copyOf(state.leases.values()));
    }

    @Override
    public void heartbeat(String nodeId, Duration ttl, Instant now) {
        access.run(() -> state.members.put(nodeId, new NodeRecord(nodeId, now.plus(ttl))));
    }

    @Override
    public void leave(String nodeId) {
        access.run(() -> state.members.remove(nodeId));
    }

    @Override
    public List<NodeRecord> members(Instant now) {
        return access.call(() -> state.members.values().stream().filter(n -> n.expiresAt().isAfter(now)).toList());
    }

    private boolean isCurrent(Lease lease) {
        Lease current = state.leases.get(lease.partition());
        return current != null && current.holder().equals(lease.holder()) && current.epoch() == lease.epoch();
    }
}
