package dev.loom.store.sqlite;

import dev.loom.spi.DeadLetter;
import dev.loom.spi.DeadLetterQuery;
import dev.loom.spi.DeadLetterStore;
import dev.loom.spi.Delivery;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** The dead-letter queue in the {@code dead_letters} table. */
final class SqliteDeadLetterStore implements DeadLetterStore {
    private final Writer writer;
    private final Readers readers;

    SqliteDeadLetterStore(Writer writer, Readers readers) {
        this.writer = writer;
        this.readers = readers;
    }

    @Override
    public List<DeadLetter> list(DeadLetterQuery query) {
        List<Object> params = new ArrayList<>();
        String where = where(query, true, params);
        params.add(query.limit());
        return readers.read(st -> {
            List<DeadLetter> out = new ArrayList<>();
            try (ResultSet rs = st.bound("SELECT " + DeadLetterRows.COLUMNS + " FROM dead_letters" + where
                    + " ORDER BY id LIMIT ?", params.toArray()).executeQuery()) {
                while (rs.next()) {
                    out.add(DeadLetterRows.read(rs));
                }
            }
            return out;
        });
    }

    @Override
    public long count(DeadLetterQuery query) {
        List<Object> params = new ArrayList<>();
        String where = where(query, false, params);
        return readers.read(st -> {
            try (ResultSet rs = st.bound("SELECT count(*) FROM dead_letters" + where, params.toArray()).executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        });
    }

    @Override
    public Optional<DeadLetter> get(String id) {
        return readers.read(st -> {
            try (ResultSet rs = st.bound("SELECT " + DeadLetterRows.COLUMNS + " FROM dead_letters WHERE id = ?", id)
                    .executeQuery()) {
                return rs.next() ? Optional.of(DeadLetterRows.read(rs)) : Optional.<DeadLetter>empty();
            }
        });
    }

    @Override
    public List<String> redrive(Collection<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        List<String> copy = List.copyOf(ids);
        return writer.submit(tx -> {
            List<String> redriven = new ArrayList<>();
            for (String id : copy) {
                DeadLetter dl;
                try (ResultSet rs = tx.statements().bound("SELECT " + DeadLetterRows.COLUMNS
                        + " FROM dead_letters WHERE id = ?", id).executeQuery()) {
                    if (!rs.next()) {
                        continue;
                    }
                    dl = DeadLetterRows.read(rs);
                }
                tx.statements().update("DELETE FROM dead_letters WHERE id = ?", id);
                tx.enqueue(dl.message(), Delivery.withSteps(dl.steps()).steps());
                redriven.add(id);
            }
            return redriven;
        }, copy.size());
    }

    @Override
    public int purge(Collection<String> ids) {
        if (ids.isEmpty()) {
            return 0;
        }
        List<String> copy = List.copyOf(ids);
        return writer.submit(tx -> {
            int purged = 0;
            for (String id : copy) {
                purged += tx.statements().update("DELETE FROM dead_letters WHERE id = ?", id);
            }
            return purged;
        }, copy.size());
    }

    private static String where(DeadLetterQuery q, boolean withCursor, List<Object> params) {
        List<String> conditions = new ArrayList<>();
        if (q.queue() != null) {
            conditions.add("original_queue = ?");
            params.add(q.queue());
        }
        if (q.actorId() != null) {
            conditions.add("actor_id = ?");
            params.add(q.actorId());
        }
        if (q.errorType() != null) {
            conditions.add("error_type = ?");
            params.add(q.errorType());
        }
        if (q.sender() != null) {
            conditions.add("sender = ?");
            params.add(q.sender());
        }
        if (q.failedAfter() != null) {
            conditions.add("last_failed_at >= ?");
            params.add(EpochNanos.of(q.failedAfter()));
        }
        if (q.failedBefore() != null) {
            conditions.add("last_failed_at < ?");
            params.add(EpochNanos.of(q.failedBefore()));
        }
        if (withCursor && q.afterId() != null) {
            conditions.add("id > ?");
            params.add(q.afterId());
        }
        return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }
}
