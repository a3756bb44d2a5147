package dev.loom.delivery;

import dev.loom.spi.DeadLetter;
import dev.loom.spi.DeadLetterQuery;
import dev.loom.spi.DeadLetterStore;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** {@link DeadLetterQueue} over a store; after a redrive it runs {@code onRedrive} to wake the workers. */
public final class StoreDeadLetterQueue implements DeadLetterQueue {
    private static final int PAGE = 500;
    private final DeadLetterStore store;
    private final Runnable onRedrive;

    public StoreDeadLetterQueue(DeadLetterStore store, Runnable onRedrive) {
        this.store = store;
        this.onRedrive = onRedrive;
    }

    @Override
    public List<DeadLetter> list(DeadLetterQuery query) {
        return store.list(query);
    }

    @Override
    public long count(DeadLetterQuery query) {
        return store.count(query);
    }

    @Override
    public Optional<DeadLetter> get(String id) {
        return store.get(id);
    }

    @Override
    public List<String> redrive(Collection<String> ids) {
        List<String> done = store.redrive(ids);
        if (!done.isEmpty()) {
            onRedrive.run();
        }
        return done;
    }

    @Override
    public long redriveMatching(DeadLetterQuery query) {
        return forEachPage(query, ids -> store.redrive(ids).size(), true);
    }

    @Override
    public int purge(Collection<String> ids) {
        return store.purge(ids);
    }

    @Override
    public long purgeMatching(DeadLetterQuery query) {
        return forEachPage(query, store::purge, false);
    }

    /** Applies {@code action} to successive first pages until none match (each page is removed by the action). */
    private long forEachPage(DeadLetterQuery query, java.util.function.ToIntFunction<List<String>> action, boolean wake) {
        DeadLetterQuery page = new DeadLetterQuery(query.queue(), query.actorId(), query.errorType(), null, PAGE);
        long total = 0;
        while (true) {
            List<String> ids = store.list(page).stream().map(DeadLetter::id).toList();
            if (ids.isEmpty()) {
                break;
            }
            int n = action.applyAsInt(ids);
            total += n;
            if (n == 0) {
                break;
            }
        }
        if (wake && total > 0) {
            onRedrive.run();
        }
        return total;
    }
}
