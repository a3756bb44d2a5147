package dev.loom.store.sqlite;

import dev.loom.spi.Lease;
import dev.loom.spi.LeaseStore;
import dev.loom.spi.NodeRecord;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Leases in the {@code leases} table and members in {@code nodes}. Changes run on the writer, inside the
 * same serialised transactions as commits, which is what makes them atomic with respect to fencing: a commit
 * transaction either runs before an acquire (and is checked against the old epoch) or after (and sees the
 * new one). Across processes, SQLite's write lock gives the same order.
 *
 * <p>A lease is free for others strictly after its {@code expiresAt}; a node is alive up to and including
 * its {@code expiresAt}.
 */
final class SqliteLeaseStore implements LeaseStore {
    /** The expiry a released lease gets: long past, so anybody may take it at once. */
    private static final Instant RELEASED = Instant.EPOCH;

    private final Writer writer;
    private final Readers readers;
    private final PartitionRange range;

    SqliteLeaseStore(Writer writer, Readers readers, PartitionRange range) {
        this.writer = writer;
        this.readers = readers;
        this.range = range;
    }

    /** @throws IllegalArgumentException if the partition does not exist */
    @Override
    public Optional<Lease> acquire(int partition, String nodeId, Duration ttl, Instant now) {
        checkPartition(partition);
        Instant expires = now.plus(ttl);
        return writer.submit(tx -> {
            Optional<Lease> current = current(tx, partition);
            if (current.isPresent()) {
                Lease held = current.get();
                boolean free = held.holder().equals(nodeId) || now.isAfter(held.expiresAt());
                if (!free) {
                    return Optional.<Lease>empty();
                }
            }
            long epoch = current.map(Lease::epoch).orElse(0L) + 1;
            tx.statements().update("INSERT INTO leases (partition, holder, epoch, expires_at) VALUES (?, ?, ?, ?)"
                    + " ON CONFLICT (partition) DO UPDATE SET holder = excluded.holder, epoch = excluded.epoch,"
                    + " expires_at = excluded.expires_at", partition, nodeId, epoch, EpochNanos.of(expires));
            tx.epochChanged(partition, epoch);
            return Optional.of(new Lease(partition, nodeId, epoch, expires));
        }, 1);
    }

    @Override
    public Optional<Lease> renew(Lease lease, Duration ttl, Instant now) {
        Instant expires = now.plus(ttl);
        return writer.submit(tx -> {
            int updated = tx.statements().update("UPDATE leases SET expires_at = ? WHERE partition = ? AND holder = ?"
                    + " AND epoch = ?", EpochNanos.of(expires), lease.partition(), lease.holder(), lease.epoch());
            return updated == 0
                    ? Optional.<Lease>empty()
                    : Optional.of(new Lease(lease.partition(), lease.holder(), lease.epoch(), expires));
        }, 1);
    }

    @Override
    public List<Optional<Lease>> renewAll(List<Lease> leases, Duration ttl, Instant now) {
        if (leases.isEmpty()) {
            return List.of();
        }
        Instant expires = now.plus(ttl);
        return writer.submit(tx -> {
            List<Optional<Lease>> out = new ArrayList<>(leases.size());
            for (Lease lease : leases) {
                int updated = tx.statements().update("UPDATE leases SET expires_at = ? WHERE partition = ?"
                        + " AND holder = ? AND epoch = ?", EpochNanos.of(expires), lease.partition(), lease.holder(),
                        lease.epoch());
                out.add(updated == 0
                        ? Optional.empty()
                        : Optional.of(new Lease(lease.partition(), lease.holder(), lease.epoch(), expires)));
            }
            return out;
        }, leases.size());
    }

    @Override
    public void release(Lease lease) {
        writer.submit(tx -> tx.statements().update("UPDATE leases SET expires_at = ? WHERE partition = ?"
                + " AND holder = ? AND epoch = ?", EpochNanos.of(RELEASED), lease.partition(), lease.holder(),
                lease.epoch()), 1);
    }

    @Override
    public List<Lease> all() {
        return readers.read(st -> {
            List<Lease> out = new ArrayList<>();
            try (ResultSet rs = st.get("SELECT partition, holder, epoch, expires_at FROM leases ORDER BY partition")
                    .executeQuery()) {
                while (rs.next()) {
                    out.add(new Lease(rs.getInt(1), rs.getString(2), rs.getLong(3), EpochNanos.toInstant(rs.getLong(4))));
                }
            }
            return out;
        });
    }

    @Override
    public void heartbeat(String nodeId, Duration ttl, Instant now) {
        long expires = EpochNanos.of(now.plus(ttl));
        writer.submit(tx -> tx.statements().update("INSERT INTO nodes (node_id, expires_at) VALUES (?, ?)"
                + " ON CONFLICT (node_id) DO UPDATE SET expires_at = excluded.expires_at", nodeId, expires), 1);
    }

    @Override
    public void leave(String nodeId) {
        writer.submit(tx -> tx.statements().update("DELETE FROM nodes WHERE node_id = ?", nodeId), 1);
    }

    @Override
    public List<NodeRecord> members(Instant now) {
        long at = EpochNanos.of(now);
        return readers.read(st -> {
            List<NodeRecord> out = new ArrayList<>();
            try (ResultSet rs = st.bound("SELECT node_id, expires_at FROM nodes WHERE expires_at >= ? ORDER BY node_id",
                    at).executeQuery()) {
                while (rs.next()) {
                    out.add(new NodeRecord(rs.getString(1), EpochNanos.toInstant(rs.getLong(2))));
                }
            }
            return out;
        });
    }

    private static Optional<Lease> current(Tx tx, int partition) throws SQLException {
        try (ResultSet rs = tx.statements().bound("SELECT holder, epoch, expires_at FROM leases WHERE partition = ?",
                partition).executeQuery()) {
            return rs.next()
                    ? Optional.of(new Lease(partition, rs.getString(1), rs.getLong(2), EpochNanos.toInstant(rs.getLong(3))))
                    : Optional.empty();
        }
    }

    private void checkPartition(int partition) {
        if (partition < 0 || partition >= range.count()) {
            throw new IllegalArgumentException("partition " + partition + " does not exist; the store has partitions 0.."
                    + (range.count() - 1));
        }
    }
}
