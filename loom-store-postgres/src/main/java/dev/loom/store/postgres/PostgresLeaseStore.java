package dev.loom.store.postgres;

import dev.loom.spi.HintSubscription;
import dev.loom.spi.Lease;
import dev.loom.spi.LeaseStore;
import dev.loom.spi.NodeRecord;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Leases in the {@code leases} table (one row per partition from the start, so every change is an {@code UPDATE}
 * of an existing row) and members in {@code nodes}.
 *
 * <p>Fencing: every commit transaction reads its partitions' lease rows {@code FOR KEY SHARE} and keeps them
 * locked until it ends; {@link #acquire} locks the row {@code FOR UPDATE}, which conflicts with every row lock, and
 * so waits for those transactions, and every commit that starts after it sees the new epoch. Once {@code acquire}
 * returned, no write with the old epoch can still be applied. Renewals and releases change only
 * {@code expires_at}, not the key, so their {@code UPDATE} does not conflict with {@code FOR KEY SHARE}: a node
 * renews its leases while its commits run instead of waiting for each of them (the epoch a commit checks is not
 * what a renewal changes).
 *
 * <p>Renewals, releases, heartbeats and the listings run on a pool of their own ({@code rounds}), so a lease round
 * never waits for a connection that partition workers or the group committer hold; {@code acquire}, which waits for
 * commits' locks by design, and {@code leave} use the main pool.
 *
 * <p>A lease is free for others strictly after its {@code expiresAt}; a node is alive up to and including its
 * {@code expiresAt}. A released lease keeps holder and epoch and expires at the epoch of time.
 */
final class PostgresLeaseStore implements LeaseStore {
    private final Database db;
    private final Database rounds;
    private final PartitionRange range;
    private final Notifier notifier;

    PostgresLeaseStore(Database db, Database rounds, PartitionRange range, Notifier notifier) {
        this.db = db;
        this.rounds = rounds;
        this.range = range;
        this.notifier = notifier;
    }

    /** Hints from every node's joins, leaves and releases (this one's too) as a coalesced {@code NOTIFY}. */
    @Override
    public HintSubscription watchMembership(Runnable listener) {
        return notifier.watchMembership(listener);
    }

    /** @throws IllegalArgumentException if the partition does not exist */
    @Override
    public Optional<Lease> acquire(int partition, String nodeId, Duration ttl, Instant now) {
        db.checkOpen();
        range.check(partition);
        Instant expires = now.plus(ttl);
        return db.transaction("acquire the lease of partition " + partition, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT holder, expires_at FROM leases WHERE partition = ?"
                    + " FOR UPDATE")) {
                ps.setInt(1, partition);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new IllegalStateException("the lease row of partition " + partition + " is missing");
                    }
                    String holder = rs.getString(1);
                    Instant heldUntil = EpochNanos.toInstant(rs.getLong(2));
                    if (holder != null && !holder.equals(nodeId) && !now.isAfter(heldUntil)) {
                        return Optional.<Lease>empty();
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE leases SET holder = ?, epoch = epoch + 1,"
                    + " expires_at = ? WHERE partition = ? RETURNING epoch")) {
                ps.setString(1, nodeId);
                ps.setLong(2, EpochNanos.of(expires));
                ps.setInt(3, partition);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return Optional.of(new Lease(partition, nodeId, rs.getLong(1), expires));
                }
            }
        });
    }

    @Override
    public Optional<Lease> renew(Lease lease, Duration ttl, Instant now) {
        Instant expires = now.plus(ttl);
        return rounds.read("renew the lease of partition " + lease.partition(), c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE leases SET expires_at = ? WHERE partition = ?"
                    + " AND holder = ? AND epoch = ?")) {
                ps.setLong(1, EpochNanos.of(expires));
                ps.setInt(2, lease.partition());
                ps.setString(3, lease.holder());
                ps.setLong(4, lease.epoch());
                return ps.executeUpdate() == 0
                        ? Optional.<Lease>empty()
                        : Optional.of(new Lease(lease.partition(), lease.holder(), lease.epoch(), expires));
            }
        });
    }

    /**
     * One {@code UPDATE} for all of {@code leases}: a round trip per renewal round instead of one per partition.
     * Each lease is extended if its holder and epoch are still current, as {@link #renew} does.
     */
    @Override
    public List<Optional<Lease>> renewAll(List<Lease> leases, Duration ttl, Instant now) {
        if (leases.isEmpty()) {
            rounds.checkOpen();
            return List.of();
        }
        Instant expires = now.plus(ttl);
        Set<Integer> renewed = rounds.read("renew " + leases.size() + " leases", c -> {
            Integer[] partitions = new Integer[leases.size()];
            String[] holders = new String[leases.size()];
            Long[] epochs = new Long[leases.size()];
            for (int i = 0; i < leases.size(); i++) {
                partitions[i] = leases.get(i).partition();
                holders[i] = leases.get(i).holder();
                epochs[i] = leases.get(i).epoch();
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE leases l SET expires_at = ?"
                    + " FROM unnest(?::int[], ?::text[], ?::bigint[]) AS r(p, h, e)"
                    + " WHERE l.partition = r.p AND l.holder = r.h AND l.epoch = r.e RETURNING l.partition")) {
                ps.setLong(1, EpochNanos.of(expires));
                ps.setArray(2, c.createArrayOf("int4", partitions));
                ps.setArray(3, c.createArrayOf("text", holders));
                ps.setArray(4, c.createArrayOf("int8", epochs));
                Set<Integer> out = new HashSet<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getInt(1));
                    }
                }
                return out;
            }
        });
        List<Optional<Lease>> out = new ArrayList<>(leases.size());
        for (Lease l : leases) {
            out.add(renewed.contains(l.partition())
                    ? Optional.of(new Lease(l.partition(), l.holder(), l.epoch(), expires))
                    : Optional.empty());
        }
        return out;
    }

    @Override
    public void release(Lease lease) {
        rounds.read("release the lease of partition " + lease.partition(), c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE leases SET expires_at = ? WHERE partition = ?"
                    + " AND holder = ? AND epoch = ?")) {
                ps.setLong(1, EpochNanos.of(Instant.EPOCH));
                ps.setInt(2, lease.partition());
                ps.setString(3, lease.holder());
                ps.setLong(4, lease.epoch());
                return ps.executeUpdate();
            }
        });
        notifier.membershipChanged();
    }

    @Override
    public List<Lease> all() {
        return rounds.read("list leases", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT partition, holder, epoch, expires_at FROM leases"
                    + " WHERE holder IS NOT NULL ORDER BY partition"); ResultSet rs = ps.executeQuery()) {
                List<Lease> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new Lease(rs.getInt(1), rs.getString(2), rs.getLong(3), EpochNanos.toInstant(rs.getLong(4))));
                }
                return out;
            }
        });
    }

    @Override
    public void heartbeat(String nodeId, Duration ttl, Instant now) {
        // A node that was not alive at now (new, or back after its membership expired) is news for the others.
        boolean joined = rounds.read("record the heartbeat of " + nodeId, c -> {
            try (PreparedStatement ps = c.prepareStatement("WITH before AS (SELECT expires_at FROM nodes WHERE node_id = ?)"
                    + " INSERT INTO nodes (node_id, expires_at) VALUES (?, ?)"
                    + " ON CONFLICT (node_id) DO UPDATE SET expires_at = excluded.expires_at"
                    + " RETURNING COALESCE((SELECT expires_at FROM before), 0) < ?")) {
                ps.setString(1, nodeId);
                ps.setString(2, nodeId);
                ps.setLong(3, EpochNanos.of(now.plus(ttl)));
                ps.setLong(4, EpochNanos.of(now));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getBoolean(1);
                }
            }
        });
        if (joined) {
            notifier.membershipChanged();
        }
    }

    @Override
    public void leave(String nodeId) {
        db.read("remove member " + nodeId, c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM nodes WHERE node_id = ?")) {
                ps.setString(1, nodeId);
                return ps.executeUpdate();
            }
        });
        notifier.membershipChanged();
    }

    @Override
    public List<NodeRecord> members(Instant now) {
        return rounds.read("list members", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT node_id, expires_at FROM nodes WHERE expires_at >= ?"
                    + " ORDER BY node_id")) {
                ps.setLong(1, EpochNanos.of(now));
                List<NodeRecord> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new NodeRecord(rs.getString(1), EpochNanos.toInstant(rs.getLong(2))));
                    }
                }
                return out;
            }
        });
    }
}
