package dev.loom.store.memory;

import dev.loom.spi.BackupCounts;
import dev.loom.spi.BackupRecord;
import dev.loom.spi.BackupStore;
import dev.loom.spi.BackupRefusedException;
import java.time.Instant;
import java.util.Iterator;
import java.util.function.Consumer;

/**
 * Backups of an {@link InMemoryStore}. The export runs under the store's lock, so it sees one state; the
 * import stages every record first and applies them under the lock only when the whole stream was read and
 * checked, so a failure leaves the store untouched.
 */
final class MemoryBackupStore implements BackupStore {
    private final Access access;
    private final MemoryState state;
    private final String storeName;

    MemoryBackupStore(Access access, MemoryState state, String storeName) {
        this.access = access;
        this.state = state;
        this.storeName = storeName;
    }

    @Override
    public BackupCounts export(Consumer<BackupRecord> sink) {
        return access.call(() -> {
            BackupCounts counts = state.counts();
            sink.accept(new BackupRecord.Header(storeName, state.partitions, FORMAT_VERSION, Instant.now(), counts));
            BackupCounts sent = BackupCounts.ZERO;
            for (BackupRecord r : (Iterable<BackupRecord>) state.records()::iterator) {
                sink.accept(r);
                sent = sent.plus(r);
            }
            return sent;
        });
    }

    @Override
    public BackupCounts importFrom(Iterator<BackupRecord> source) {
        access.run(this::requireEmpty);
        BackupRecord.Header header = BackupRecord.Header.first(source, state.partitions);
        if (header.counts().messages() > 0) {
            access.run(this::requireNoSeqsAssigned);
        }
        StagedImport staged = new StagedImport(state.partitions);
        while (source.hasNext()) {
            staged.add(source.next());
        }
        header.requireCounts(staged.counts());
        return access.call(() -> {
            requireEmpty();
            if (header.counts().messages() > 0) {
                requireNoSeqsAssigned();
            }
            staged.applyTo(state);
            return staged.counts();
        });
    }

    private void requireEmpty() {
        BackupCounts held = state.counts();
        if (!held.hasNoRecords()) {
            throw new BackupRefusedException("cannot import into a store that is not empty (it holds " + held.describe()
                    + "); import a backup only into a new, empty store");
        }
    }

    private void requireNoSeqsAssigned() {
        if (state.lastMessageSeq() > 0) {
            throw new BackupRefusedException("cannot import queued messages into a store that has already assigned message"
                    + " seqs (up to " + state.lastMessageSeq() + "); import a backup only into a newly created store");
        }
    }
}
