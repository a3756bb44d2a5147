package dev.loom.spi;

import java.util.List;
import java.util.Objects;

/**
 * A store that forwards every call to another; subclasses override the calls they decorate (timing, counting,
 * fault injection) and inherit the rest, so a decorator stays correct when the SPI grows.
 */
public abstract class ForwardingStore implements Store {
    private final Store delegate;

    protected ForwardingStore(Store delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /** The store calls are forwarded to. */
    protected final Store delegate() {
        return delegate;
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public int partitions() {
        return delegate.partitions();
    }

    @Override
    public MessageStore messages() {
        return delegate.messages();
    }

    @Override
    public TimerStore timers() {
        return delegate.timers();
    }

    @Override
    public JournalStore journal() {
        return delegate.journal();
    }

    @Override
    public SnapshotStore snapshots() {
        return delegate.snapshots();
    }

    @Override
    public IdempotencyStore idempotency() {
        return delegate.idempotency();
    }

    @Override
    public DeadLetterStore deadLetters() {
        return delegate.deadLetters();
    }

    @Override
    public LeaseStore leases() {
        return delegate.leases();
    }

    @Override
    public BackupStore backup() {
        return delegate.backup();
    }

    @Override
    public List<WriteResult> commit(List<Write> writes) {
        return delegate.commit(writes);
    }

    @Override
    public void ping() {
        delegate.ping();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
