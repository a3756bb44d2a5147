package dev.loom.store.postgres;

import dev.loom.actor.ActorRef;
import dev.loom.spi.Snapshot;
import dev.loom.spi.SnapshotStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Optional;

/** Read side of the {@code snapshots} table. */
final class PostgresSnapshotStore implements SnapshotStore {
    private final Database db;

    PostgresSnapshotStore(Database db) {
        this.db = db;
    }

    @Override
    public Optional<Snapshot> latest(ActorRef actor) {
        return atOrBefore(actor, Long.MAX_VALUE);
    }

    @Override
    public Optional<Snapshot> atOrBefore(ActorRef actor, long seq) {
        return db.read("read the snapshot of " + actor, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT seq, state, taken_at FROM snapshots"
                    + " WHERE actor_type = ? AND actor_id = ? AND seq <= ? ORDER BY seq DESC LIMIT 1")) {
                ps.setString(1, actor.type());
                ps.setString(2, actor.id());
                ps.setLong(3, seq);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next()
                            ? Optional.of(new Snapshot(actor, rs.getLong(1), rs.getString(2),
                                    EpochNanos.toInstant(rs.getLong(3))))
                            : Optional.<Snapshot>empty();
                }
            }
        });
    }
}
