package dev.loom.store.postgres;

import dev.loom.spi.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Brings the configured schema to {@link Migrations#LATEST} when a store opens, in one transaction under an
 * advisory lock (nodes starting together migrate once), or refuses it unchanged: a schema from a newer Loom, or
 * one that holds tables but no {@code loom_meta} (not Loom's).
 */
final class SchemaSetup {
    /** What the schema holds once set up. */
    record Schema(int version, int partitions, boolean created) {
    }

    /** The high half of the advisory-lock key; the low half is the schema name's hash. */
    private static final long MIGRATION_LOCK = 0x4C4F4F4D_00000000L;

    private final PostgresStoreOptions options;

    SchemaSetup(PostgresStoreOptions options) {
        this.options = options;
    }

    /**
     * @throws StoreException if the schema is newer than this build or not Loom's (nothing is changed)
     * @throws SQLException   if the server fails; nothing is changed
     */
    Schema run(Connection c) throws SQLException {
        c.setAutoCommit(false);
        try {
            Schema schema = runIn(c);
            c.commit();
            return schema;
        } catch (SQLException | RuntimeException e) {
            try {
                c.rollback();
            } catch (SQLException rollback) {
                e.addSuppressed(rollback);
            }
            throw e;
        }
    }

    private Schema runIn(Connection c) throws SQLException {
        String name = options.schema();
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
            ps.setLong(1, MIGRATION_LOCK | (name.hashCode() & 0xFFFFFFFFL));
            ps.execute();
        }
        boolean exists;
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_namespace WHERE nspname = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                exists = rs.next();
            }
        }
        List<String> relations = exists ? relations(c, name) : List.of();
        if (!exists) {
            try (Statement st = c.createStatement()) {
                st.execute("CREATE SCHEMA \"" + name + "\"");
                // search_path named the schema before it existed; set it again so that the new schema is used at once
                st.execute("SET LOCAL search_path TO \"" + name + "\"");
            }
        }
        if (!relations.contains(Migrations.META_TABLE)) {
            if (!relations.isEmpty()) {
                throw new StoreException("cannot open the PostgreSQL store at " + options.describe() + ": the schema "
                        + name + " is not a Loom store (it has " + describe(relations) + " and no "
                        + Migrations.META_TABLE + " table); refusing to touch it. Choose another schema with"
                        + " store.postgres.schema, or an empty one");
            }
            migrate(c, 0);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + qualified(Migrations.META_TABLE)
                    + " (key, value) VALUES ('schema_version', ?), ('partitions', ?), ('created_at', now()::text)")) {
                ps.setString(1, Integer.toString(Migrations.LATEST));
                ps.setString(2, Integer.toString(options.partitions()));
                ps.executeUpdate();
            }
            return new Schema(Migrations.LATEST, options.partitions(), true);
        }
        Map<String, String> meta = meta(c);
        int version = number(meta, "schema_version");
        int partitions = number(meta, "partitions");
        if (version > Migrations.LATEST) {
            throw new StoreException("cannot open the PostgreSQL store at " + options.describe() + ": it was written by"
                    + " a newer Loom (schema " + version + ", this build knows " + Migrations.LATEST + "); refusing to"
                    + " open it. Upgrade Loom");
        }
        if (version < Migrations.LATEST) {
            migrate(c, version);
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + qualified(Migrations.META_TABLE)
                    + " SET value = ? WHERE key = 'schema_version'")) {
                ps.setString(1, Integer.toString(Migrations.LATEST));
                ps.executeUpdate();
            }
        }
        return new Schema(Migrations.LATEST, partitions, false);
    }

    private void migrate(Connection c, int from) throws SQLException {
        try (Statement st = c.createStatement()) {
            // The connection's search_path is the schema (currentSchema), so unqualified names land there.
            for (Migrations.Migration m : Migrations.ALL) {
                if (m.version() <= from) {
                    continue;
                }
                for (String sql : m.statements()) {
                    st.execute(sql.replace("%PARTITIONS%", Integer.toString(options.partitions())));
                }
            }
        }
    }

    private Map<String, String> meta(Connection c) throws SQLException {
        Map<String, String> meta = new HashMap<>();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT key, value FROM " + qualified(Migrations.META_TABLE))) {
            while (rs.next()) {
                meta.put(rs.getString(1), rs.getString(2));
            }
        }
        return meta;
    }

    private int number(Map<String, String> meta, String key) {
        String value = meta.get(key);
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new StoreException("cannot open the PostgreSQL store at " + options.describe() + ": its "
                    + Migrations.META_TABLE + " table has " + (value == null ? "no " + key : key + " '" + value + "'")
                    + "; the schema is damaged or was not written by Loom", e);
        }
    }

    private static List<String> relations(Connection c, String schema) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT c.relname FROM pg_class c JOIN pg_namespace n"
                + " ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relkind IN ('r', 'p', 'v', 'm', 'f')"
                + " ORDER BY c.relname")) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    private static String describe(List<String> relations) {
        List<String> shown = relations.size() > 10 ? relations.subList(0, 10) : relations;
        return "the tables " + shown + (relations.size() > 10 ? " and " + (relations.size() - 10) + " more" : "");
    }

    private String qualified(String table) {
        return "\"" + options.schema() + "\"." + table;
    }
}
