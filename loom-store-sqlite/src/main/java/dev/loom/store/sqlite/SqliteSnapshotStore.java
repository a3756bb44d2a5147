package dev.loom.store.sqlite;

import dev.loom.actor.ActorRef;
import dev.loom.spi.Snapshot;
import dev.loom.spi.SnapshotStore;
import java.sql.ResultSet;
import java.util.Optional;

/** Read side of the {@code snapshots} table. */
final class SqliteSnapshotStore implements SnapshotStore {
    private final Readers readers;

    SqliteSnapshotStore(Readers readers) {
        this.readers = readers;
    }

    @Override
    public Optional<Snapshot> latest(ActorRef actor) {
        return atOrBefore(actor, Long.MAX_VALUE);
    }

    @Override
    public Optional<Snapshot> atOrBefore(ActorRef actor, long seq) {
        return readers.read(st -> {
            try (ResultSet rs = st.bound("SELECT seq, state, taken_at FROM snapshots WHERE actor_type = ?"
                    + " AND actor_id = ? AND seq <= ? ORDER BY seq DESC LIMIT 1", actor.type(), actor.id(), seq)
                    .executeQuery()) {
                return rs.next()
                        ? Optional.of(new Snapshot(actor, rs.getLong(1), rs.getString(2), EpochNanos.toInstant(rs.getLong(3))))
                        : Optional.<Snapshot>empty();
            }
        });
    }
}
