package dev.loom.store.postgres;

import dev.loom.spi.DeadLetter;
import dev.loom.spi.DeadLetterQuery;
import dev.loom.spi.DeadLetterStore;
import dev.loom.spi.Envelope;
import dev.loom.spi.StepRecord;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The dead-letter queue in the {@code dead_letters} table. */
final class PostgresDeadLetterStore implements DeadLetterStore {
    private final Database db;
    private final Notifier notifier;

    PostgresDeadLetterStore(Database db, Notifier notifier) {
        this.db = db;
        this.notifier = notifier;
    }

    @Override
    public List<DeadLetter> list(DeadLetterQuery query) {
        List<Object> params = new ArrayList<>();
        String where = where(query, true, params);
        params.add(query.limit());
        return db.read("list dead letters", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + Rows.DEAD_LETTER_COLUMNS + " FROM dead_letters"
                    + where + " ORDER BY id LIMIT ?")) {
                bind(ps, params);
                List<DeadLetter> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(Rows.deadLetter(rs));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public long count(DeadLetterQuery query) {
        List<Object> params = new ArrayList<>();
        String where = where(query, false, params);
        return db.read("count dead letters", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM dead_letters" + where)) {
                bind(ps, params);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getLong(1) : 0L;
                }
            }
        });
    }

    @Override
    public Optional<DeadLetter> get(String id) {
        return db.read("read dead letter " + id, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + Rows.DEAD_LETTER_COLUMNS
                    + " FROM dead_letters WHERE id = ?")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(Rows.deadLetter(rs)) : Optional.<DeadLetter>empty();
                }
            }
        });
    }

    /** Deletes the letters and enqueues their messages in one transaction: locked letters first, then partitions. */
    @Override
    public List<String> redrive(Collection<String> ids) {
        db.checkOpen();
        if (ids.isEmpty()) {
            return List.of();
        }
        List<String> copy = List.copyOf(ids);
        Map<String, DeadLetter> redriven = db.transaction("redrive dead letters", c -> {
            Map<String, DeadLetter> found = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + Rows.DEAD_LETTER_COLUMNS
                    + " FROM dead_letters WHERE id = ANY(?) ORDER BY id FOR UPDATE")) {
                ps.setArray(1, c.createArrayOf("text", copy.toArray()));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        DeadLetter dl = Rows.deadLetter(rs);
                        found.put(dl.id(), dl);
                    }
                }
            }
            Map<String, DeadLetter> ordered = new LinkedHashMap<>();
            for (String id : copy) {
                DeadLetter dl = found.get(id);
                if (dl != null) {
                    ordered.putIfAbsent(id, dl);
                }
            }
            if (ordered.isEmpty()) {
                return ordered;
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM dead_letters WHERE id = ANY(?)")) {
                ps.setArray(1, c.createArrayOf("text", ordered.keySet().toArray()));
                ps.executeUpdate();
            }
            List<Envelope> messages = new ArrayList<>();
            List<List<StepRecord>> steps = new ArrayList<>();
            for (DeadLetter dl : ordered.values()) {
                messages.add(dl.message());
                steps.add(dl.steps());
            }
            PostgresMessageStore.insert(c, messages, steps);
            return ordered;
        });
        notifier.changed(PostgresMessageStore.partitionsOf(redriven.values().stream().map(DeadLetter::message).toList()));
        return List.copyOf(redriven.keySet());
    }

    @Override
    public int purge(Collection<String> ids) {
        db.checkOpen();
        if (ids.isEmpty()) {
            return 0;
        }
        List<String> copy = List.copyOf(ids);
        return db.read("purge dead letters", c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM dead_letters WHERE id = ANY(?)")) {
                ps.setArray(1, c.createArrayOf("text", copy.toArray()));
                return ps.executeUpdate();
            }
        });
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

    private static void bind(PreparedStatement ps, List<Object> params) throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            ps.setObject(i + 1, params.get(i));
        }
    }
}
