package dev.loom.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loom.actor.ActorRef;
import dev.loom.spi.Envelope;
import dev.loom.spi.JournalEntry;
import dev.loom.spi.Lease;
import dev.loom.spi.StoredMessage;
import dev.loom.spi.WriteResult;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two JVMs on one database file: file locking, the lease protocol across processes, and kill -9. */
class MultiProcessTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    /**
     * Process A (a child JVM) leases partition 0 and commits a turn; this JVM (B) takes the partition over
     * once A's lease has expired and commits the next turn; A's next commit comes back Fenced and applies
     * nothing. The journal holds exactly A's first turn and B's turn.
     */
    @Test
    void aSecondProcessTakesOverAPartitionAndFencesTheFirst() throws Exception {
        Path file = dir.resolve("shared.db");
        ActorRef actor = ChildStoreProcess.actorInPartition0("shared");
        try (ChildJvm a = ChildJvm.start(dir, "holder", file.toString())) {
            assertThat(a.nextLine(WAIT)).isEqualTo("FIRST APPLIED 1");
            try (SqliteStore b = SqliteStore.open(SqliteStoreOptions.at(file))) {
                assertThat(b.partitions()).as("partition count recorded by A").isEqualTo(ChildStoreProcess.PARTITIONS);
                Instant t0 = Instant.parse("2030-01-01T00:00:00Z");
                assertThat(b.leases().all()).extracting(Lease::holder).containsExactly("node-a");
                assertThat(b.leases().acquire(0, "node-b", Duration.ofSeconds(30), t0.plusSeconds(29)))
                        .as("A's lease is still valid").isEmpty();
                Lease lease = b.leases().acquire(0, "node-b", Duration.ofSeconds(30), t0.plusSeconds(31)).orElseThrow();
                assertThat(lease.epoch()).isEqualTo(2);
                Envelope fromB = ChildStoreProcess.message(actor, "from-b-2");
                long seq = b.messages().enqueue(List.of(fromB)).get(0);
                assertThat(b.commit(List.of(ChildStoreProcess.turn(lease, seq, fromB, 2, List.of(), null))))
                        .containsExactly(WriteResult.APPLIED);

                a.send("next");
                assertThat(a.nextLine(WAIT)).isEqualTo("SECOND FENCED");
                assertThat(a.waitFor(WAIT)).as("A's exit code; stderr: %s", a.stderr()).isZero();

                assertThat(b.journal().read(actor, 1, 100)).extracting(JournalEntry::seq, JournalEntry::messageId)
                        .containsExactly(org.assertj.core.groups.Tuple.tuple(1L, "from-a-1"),
                                org.assertj.core.groups.Tuple.tuple(2L, "from-b-2"));
                assertThat(b.messages().forActor(actor, 100)).extracting(m -> m.envelope().messageId())
                        .as("A's fenced turn left its message queued").containsExactly("from-a-2");
            }
        }
    }

    /**
     * A child commits batches of turns (journal entry, two sends, an idempotency key, message removal) and
     * is killed with SIGKILL in the middle. The file then opens, every turn is wholly there or wholly absent,
     * every turn the child reported applied is there, and each actor's journal is contiguous from 1.
     */
    @Test
    void killMinus9DuringCommitsLeavesOnlyWholeTurnsAndContiguousJournals() throws Exception {
        Path file = dir.resolve("killed.db");
        Set<String> reportedApplied = new HashSet<>();
        try (ChildJvm child = ChildJvm.start(dir, "stream", file.toString())) {
            while (reportedApplied.size() < 300) {
                String line = child.nextLine(WAIT);
                assertThat(line).startsWith("APPLIED ");
                reportedApplied.add(line.substring("APPLIED ".length()));
            }
            child.kill();
        }

        try (SqliteStore store = SqliteStore.open(SqliteStoreOptions.at(file))) {
            Map<String, JournalEntry> journaled = new HashMap<>();
            for (int i = 0; i < 5; i++) {
                ActorRef actor = ChildStoreProcess.actorInPartition0("stream" + i);
                List<JournalEntry> entries = store.journal().read(actor, 1, 1_000_000);
                assertThat(entries).extracting(JournalEntry::seq).as("journal of %s is contiguous from 1", actor)
                        .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, entries.size()).boxed().toList());
                assertThat(store.journal().lastSeq(actor)).isEqualTo(entries.size());
                entries.forEach(e -> journaled.put(e.messageId(), e));
            }
            Map<String, StoredMessage> queued = store.messages().fetch(0, 0, 1_000_000).stream()
                    .collect(Collectors.toMap(m -> m.envelope().messageId(), m -> m));
            Set<String> sends = store.messages().forActor(ChildStoreProcess.SINK, 1_000_000).stream()
                    .map(m -> m.envelope().messageId()).collect(Collectors.toSet());

            assertThat(journaled.keySet()).as("every turn reported applied survived the kill").containsAll(reportedApplied);
            int whole = 0;
            for (int n = 1; journaled.containsKey("m-" + n) || queued.containsKey("m-" + n); n++) {
                String id = "m-" + n;
                boolean inJournal = journaled.containsKey(id);
                ActorRef actor = inJournal ? journaled.get(id).actor() : queued.get(id).envelope().target();
                boolean stillQueued = queued.containsKey(id);
                boolean sent = sends.contains(id + "-send-1") && sends.contains(id + "-send-2");
                boolean anySent = sends.contains(id + "-send-1") || sends.contains(id + "-send-2");
                boolean keyed = store.idempotency().find(actor, "key-" + id, Instant.now()).isPresent();
                if (inJournal) {
                    assertThat(List.of(!stillQueued, sent, keyed)).as("committed turn %s is whole", id).containsOnly(true);
                    whole++;
                } else {
                    assertThat(List.of(stillQueued, !anySent, !keyed)).as("uncommitted turn %s left no trace", id)
                            .containsOnly(true);
                }
            }
            assertThat(whole).isEqualTo(journaled.size());
            assertThat(sends).hasSize(2 * journaled.size());
        }
    }
}
