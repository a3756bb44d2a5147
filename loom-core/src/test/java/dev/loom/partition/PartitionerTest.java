package dev.loom.partition;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loom.actor.ActorRef;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The partition hash is fixed (data written by one version must be found by the next) and spreads evenly. */
class PartitionerTest {
    @Test
    void knownValuesNeverChange() {
        assertThat(Partitioner.partitionOf(ActorRef.of("counter", "c1"), 64)).isEqualTo(
                Math.floorMod(fnv("counter/c1"), 64));
        assertThat(Partitioner.partitionOf(ActorRef.of("counter", "c1"), 64)).isEqualTo(28);
        assertThat(Partitioner.partitionOf(ActorRef.of("account", "alice"), 64)).isEqualTo(51);
    }

    @Test
    void idsSpreadEvenlyOverPartitions() {
        Map<Integer, Integer> counts = new HashMap<>();
        for (int i = 0; i < 64_000; i++) {
            counts.merge(Partitioner.partitionOf(ActorRef.of("counter", "c" + i), 64), 1, Integer::sum);
        }
        assertThat(counts).hasSize(64);
        assertThat(counts.values()).allMatch(n -> n > 800 && n < 1200);
    }

    private static int fnv(String s) {
        int h = 0x811c9dc5;
        for (byte b : s.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x01000193;
        }
        return h;
    }
}
