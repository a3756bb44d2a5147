package dev.loom.runtime;

import dev.loom.actor.ActorType;
import dev.loom.spi.Store;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Builds fast-ticking Loom nodes for tests and stops whatever it built. */
final class Nodes implements AutoCloseable {
    private final List<Loom> started = new ArrayList<>();

    LoomBuilder builder(Store store, ActorType<?, ?>... types) {
        LoomBuilder b = Loom.builder().store(store)
                .leaseTtl(Duration.ofMillis(600))
                .pollInterval(Duration.ofMillis(20))
                .timerInterval(Duration.ofMillis(10))
                .drainTimeout(Duration.ofSeconds(5));
        for (ActorType<?, ?> t : types) {
            b.actor(t);
        }
        return b;
    }

    Loom start(LoomBuilder b) {
        Loom loom = b.build().start();
        started.add(loom);
        return loom;
    }

    Loom start(Store store, ActorType<?, ?>... types) {
        return start(builder(store, types));
    }

    @Override
    public void close() {
        for (Loom l : started) {
            if (l.status() != LoomStatus.STOPPED) {
                l.shutdown(Duration.ofSeconds(5));
            }
        }
    }
}
