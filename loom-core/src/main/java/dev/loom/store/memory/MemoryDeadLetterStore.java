package dev.loom.store.memory;

import dev.loom.spi.DeadLetter;
import dev.loom.spi.DeadLetterQuery;
import dev.loom.spi.DeadLetterStore;
import dev.loom.spi.Delivery;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

final class MemoryDeadLetterStore implements DeadLetterStore {
    private final Access access;
    private final MemoryState state;

    MemoryDeadLetterStore(Access access, MemoryState state) {
        this.access = access;
        this.state = state;
    }

    @Override
    public List<DeadLetter> list(DeadLetterQuery query) {
        return access.call(() -> (query.afterId() == null ? state.deadLetters
                : state.deadLetters.tailMap(query.afterId(), false)).values().stream()
                .filter(query::matches).limit(query.limit()).toList());
    }

    @Override
    public long count(DeadLetterQuery query) {
        return access.call(() -> state.deadLetters.values().stream().filter(query::matches).count());
    }

    @Override
    public Optional<DeadLetter> get(String id) {
        return access.call(() -> Optional.ofNullable(state.deadLetters.get(id)));
    }

    @Override
    public List<String> redrive(Collection<String> ids) {
        return access.call(() -> {
            List<String> redriven = new ArrayList<>();
            for (String id : ids) {
                DeadLetter letter = state.deadLetters.remove(id);
                if (letter != null) {
                    state.enqueue(letter.message(), Delivery.withSteps(letter.steps()));
                    redriven.add(id);
                }
            }
            return redriven;
        });
    }

    @Override
    public int purge(Collection<String> ids) {
        return access.call(() -> {
            int purged = 0;
            for (String id : ids) {
                if (state.deadLetters.remove(id) != null) {
                    purged++;
                }
            }
            return purged;
        });
    }
}
