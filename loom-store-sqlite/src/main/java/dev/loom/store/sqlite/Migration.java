package dev.loom.store.sqlite;

import java.util.List;

/**
 * One step of the schema's history: the statements that take a database from {@code version - 1} to
 * {@code version}. Applied once, in the same transaction that records the new version in {@code loom_meta}.
 *
 * @param version     the schema version after this step (1 for the first)
 * @param description what the step changes
 * @param statements  the SQL statements, in order
 */
record Migration(int version, String description, List<String> statements) {
    Migration {
        statements = List.copyOf(statements);
    }
}
