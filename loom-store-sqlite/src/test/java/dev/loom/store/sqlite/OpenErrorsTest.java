package dev.loom.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loom.actor.ActorRef;
import dev.loom.spi.Envelope;
import dev.loom.spi.StoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opening files that cannot be used gives a StoreException whose message says what is wrong (not a driver
 * stack trace), and never changes a file it refuses.
 */
class OpenErrorsTest {
    @TempDir
    Path dir;

    @Test
    void aTextFileIsNotALoomDatabaseAndIsLeftAlone() throws Exception {
        Path file = dir.resolve("notes.db");
        Files.writeString(file, "shopping list: milk, eggs\n");

        assertThatThrownBy(() -> SqliteStore.open(SqliteStoreOptions.at(file)))
                .isInstanceOf(StoreException.class)
                .hasMessage(file + " is not a Loom database (it is not an SQLite file); refusing to open it");
        assertThat(Files.readString(file)).isEqualTo("shopping list: milk, eggs\n");
    }

    @Test
    void anSqliteDatabaseWithoutLoomsMetaTableIsRefusedUnchanged() throws Exception {
        Path file = dir.resolve("other.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE people (name TEXT)");
            s.execute("INSERT INTO people VALUES ('ada')");
        }
        String before = sha256(file);

        assertThatThrownBy(() -> SqliteStore.open(SqliteStoreOptions.at(file)))
                .isInstanceOf(StoreException.class)
                .hasMessage(file + " is an SQLite database but not a Loom database (it has the tables [people] and no"
                        + " loom_meta table); refusing to open it");
        assertThat(sha256(file)).isEqualTo(before);
    }

    @Test
    void aFileWrittenByANewerSchemaIsRefusedUnchanged() throws Exception {
        Path file = dir.resolve("newer.db");
        SqliteStore.open(SqliteStoreOptions.at(file)).close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("UPDATE loom_meta SET value = '99' WHERE key = 'schema_version'");
        }
        String before = sha256(file);

        assertThatThrownBy(() -> SqliteStore.open(SqliteStoreOptions.at(file)))
                .isInstanceOf(StoreException.class)
                .hasMessage(file + " was written by a newer Loom (schema 99, this build knows " + Migrations.LATEST
                        + "); refusing to open it. Upgrade Loom.");
        assertThat(sha256(file)).isEqualTo(before);
    }

    @Test
    void aDirectoryAtThePathIsNamedAsSuch() throws Exception {
        Path file = Files.createDirectory(dir.resolve("loom.db"));

        assertThatThrownBy(() -> SqliteStore.open(SqliteStoreOptions.at(file)))
                .isInstanceOf(StoreException.class)
                .hasMessage("cannot open " + file + ": it is a directory, not a Loom database file");
    }

    @Test
    void aFileLockedByAnotherProcessBeyondTheBusyTimeoutIsReportedAsLocked() throws Exception {
        Path file = dir.resolve("locked.db");
        SqliteStore.open(SqliteStoreOptions.at(file)).close();
        try (ChildJvm locker = ChildJvm.start(dir, "lock", file.toString())) {
            assertThat(locker.nextLine(Duration.ofSeconds(60))).isEqualTo("LOCKED");

            assertThatThrownBy(() -> SqliteStore.open(SqliteStoreOptions.at(file).withBusyTimeout(Duration.ofMillis(300))))
                    .isInstanceOf(StoreException.class)
                    .hasMessage("cannot open " + file + ": the database file " + file + " is locked by another process:"
                            + " process " + locker.pid() + " (java) holds a write transaction on it (waited 300 ms);"
                            + " let it finish its transaction or stop it, then retry");

            locker.closeStdin();
            assertThat(locker.waitFor(Duration.ofSeconds(60))).as("locker exit; stderr: %s", locker.stderr()).isZero();
        }
        try (SqliteStore store = SqliteStore.open(SqliteStoreOptions.at(file))) {
            store.ping();
        }
    }

    @Test
    void aWriteTransactionOfAStoppedProcessIsReportedWithThePidAndHowToResumeIt() throws Exception {
        Path file = dir.resolve("paused.db");
        SqliteStore.open(SqliteStoreOptions.at(file)).close();
        try (ChildJvm writer = ChildJvm.start(dir, "write", file.toString())) {
            assertThat(writer.nextLine(Duration.ofSeconds(60))).isEqualTo("WRITING");
            signal("STOP", writer.pid());
            try {
                assertThatThrownBy(() -> SqliteStore.open(SqliteStoreOptions.at(file).withBusyTimeout(Duration.ofMillis(300))))
                        .isInstanceOf(StoreException.class)
                        .hasMessage("cannot open " + file + ": the database file " + file + " is locked by another"
                                + " process: process " + writer.pid() + " (java, stopped) holds a write transaction on it"
                                + " (waited 300 ms); it is stopped and will not release the lock by itself: resume it"
                                + " (kill -CONT " + writer.pid() + ") or end it, then retry");
            } finally {
                signal("CONT", writer.pid());
            }
            writer.closeStdin();
            assertThat(writer.waitFor(Duration.ofSeconds(60))).as("writer exit; stderr: %s", writer.stderr()).isZero();
        }
        try (SqliteStore store = SqliteStore.open(SqliteStoreOptions.at(file))) {
            store.ping();
        }
    }

    @Test
    void aWriteTransactionOfAnotherConnectionOfThisProcessIsReportedAsSuch() throws Exception {
        Path file = dir.resolve("self.db");
        SqliteStore.open(SqliteStoreOptions.at(file)).close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
            assertThatThrownBy(() -> SqliteStore.open(SqliteStoreOptions.at(file).withBusyTimeout(Duration.ofMillis(200))))
                    .isInstanceOf(StoreException.class)
                    .hasMessage("cannot open " + file + ": the database file " + file + " is locked by another"
                            + " connection of this process (pid " + ProcessHandle.current().pid() + ") that holds a"
                            + " write transaction (waited 200 ms); end that transaction or close the connection, then retry");
            s.execute("ROLLBACK");
        }
    }

    private static void signal(String name, long pid) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).inheritIO().start();
        assertThat(kill.waitFor()).as("kill -%s %d", name, pid).isZero();
    }

    @Test
    void aFullDiskIsReportedAtOpenAndOnWrites() throws Exception {
        Path mount = Files.createDirectory(dir.resolve("tiny"));
        Mounts.tmpfs(mount, "256k");
        try {
            Path file = mount.resolve("loom.db");
            try (SqliteStore store = SqliteStore.open(SqliteStoreOptions.at(file))) {
                ActorRef actor = ActorRef.of("big", "payloads");
                String payload = "\"" + "x".repeat(16_000) + "\"";
                assertThatThrownBy(() -> {
                    for (int i = 0; i < 1_000; i++) {
                        store.messages().enqueue(List.of(new Envelope("m-" + i, actor, 0, "Big", payload, null, null,
                                null, Instant.now())));
                    }
                }).isInstanceOf(StoreException.class)
                        .hasMessage("cannot write: the disk holding " + file + " is full (SQLITE_FULL); free space and retry");
                store.ping();
            }
            Files.delete(file);
            fill(mount.resolve("filler"));

            Path second = mount.resolve("second.db");
            assertThatThrownBy(() -> SqliteStore.open(SqliteStoreOptions.at(second)))
                    .isInstanceOf(StoreException.class)
                    .hasMessage("cannot open " + second + ": the disk holding " + second
                            + " is full (SQLITE_FULL); free space and retry");
        } finally {
            Mounts.unmount(mount);
        }
    }

    @Test
    void aReadOnlyFileSystemIsReportedForAnExistingFileAndForANewOne() throws Exception {
        Path ro = Files.createDirectory(dir.resolve("ro"));
        Path existing = ro.resolve("loom.db");
        SqliteStore.open(SqliteStoreOptions.at(existing)).close();
        Mounts.readOnlyBind(ro);
        try {
            assertThatThrownBy(() -> SqliteStore.open(SqliteStoreOptions.at(existing)))
                    .isInstanceOf(StoreException.class)
                    .hasMessage("cannot open " + existing + ": the database file is read-only (check its permissions and"
                            + " that the file system is mounted read-write)");
            Path fresh = ro.resolve("new.db");
            assertThatThrownBy(() -> SqliteStore.open(SqliteStoreOptions.at(fresh)))
                    .isInstanceOf(StoreException.class)
                    .hasMessage("cannot open " + fresh + ": its directory " + ro + " is not writable (SQLite creates"
                            + " new.db-wal and new.db-shm beside the database; check permissions and that the file"
                            + " system is mounted read-write)");
            Path nested = ro.resolve("sub").resolve("loom.db");
            assertThatThrownBy(() -> SqliteStore.open(SqliteStoreOptions.at(nested)))
                    .isInstanceOf(StoreException.class)
                    .hasMessageStartingWith("cannot open " + nested + ": cannot create its directory " + ro.resolve("sub"));
        } finally {
            Mounts.unmount(ro);
        }
    }

    private static void fill(Path filler) throws Exception {
        byte[] block = new byte[4096];
        try (var out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(block);
            }
        } catch (java.io.IOException expectedWhenFull) {
            assertThat(expectedWhenFull.getMessage()).contains("No space left");
        }
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
