package dev.loom.delivery;

import dev.loom.spi.DeadLetter;
import dev.loom.spi.DeadLetterQuery;
import dev.loom.spi.DeadLetterStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.ToIntFunction;

/** {@link DeadLetterQueue} over a store; after a redrive it runs {@code onRedrive} to wake the workers. */
final class StoreDeadLetterQueue implements DeadLetterQueue {
    private static final int PAGE = 500;
    private final DeadLetterStore store;
    private final Runnable onRedrive;

    StoreDeadLetterQueue(DeadLetterStore store, Runnable onRedrive) {
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

    /**
     * Applies {@code action}, a page at a time, to the letters that match {@code query} when the call begins. The ids
     * are collected first, by cursor, so that a letter that is dead-lettered again while this runs (a redriven
     * message that fails at once comes back under a new id) is not acted on again by the same call: a redrive of
     * always-failing messages ends, and its count is the number of letters that matched.
     */
    private long forEachPage(DeadLetterQuery query, ToIntFunction<List<String>> action, boolean wake) {
        List<String> matching = new ArrayList<>();
        DeadLetterQuery page = new DeadLetterQuery(query.queue(), query.actorId(), query.errorType(), query.sender(),
                query.failedAfter(), query.failedBefore(), null, PAGE);
        while (true) {
            List<DeadLetter> letters = store.list(page);
            letters.forEach(l -> matching.add(l.id()));
            if (letters.size() < PAGE) {
                break;
            }
            page = page.after(letters.getLast().id());
        }
        long total = 0;
        for (int from = 0; from < matching.size(); from += PAGE) {
            total += action.applyAsInt(matching.subList(from, Math.min(matching.size(), from + PAGE)));
        }
        if (wake && total > 0) {
            onRedrive.run();
        }
        return total;
    }
}
