package dev.loom.tck;

import dev.loom.spi.Store;
import dev.loom.store.memory.InMemoryStore;

/** The in-memory store passes the whole TCK (its reopen tests are skipped: it is not durable). */
class InMemoryStoreTckTest extends StoreTck {
    @Override
    protected Store newStore(int partitions) {
        return new InMemoryStore(partitions);
    }
}
