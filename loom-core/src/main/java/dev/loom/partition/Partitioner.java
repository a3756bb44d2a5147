package dev.loom.partition;

import dev.loom.actor.ActorRef;
import java.nio.charset.StandardCharsets;

/** Maps actors to partitions with a hash that is the same on every JVM and every version of Loom. */
public final class Partitioner {
    private Partitioner() {
    }

    /** The partition of {@code actor} among {@code partitions} (FNV-1a 32-bit of {@code type/id}, UTF-8). */
    public static int partitionOf(ActorRef actor, int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be >= 1: " + partitions);
        }
        int hash = 0x811c9dc5;
        for (byte b : actor.toString().getBytes(StandardCharsets.UTF_8)) {
            hash ^= (b & 0xff);
            hash *= 0x01000193;
        }
        return Math.floorMod(hash, partitions);
    }
}
