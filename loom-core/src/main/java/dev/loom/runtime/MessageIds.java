package dev.loom.runtime;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** Random version-4 UUIDs from a thread-local generator (message ids need uniqueness, not secrecy). */
final class MessageIds {
    private MessageIds() {
    }

    static String next() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        long msb = (r.nextLong() & 0xffffffffffff0fffL) | 0x0000000000004000L;
        long lsb = (r.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }

    /** A dead-letter id that sorts by creation time. */
    static String deadLetter(long epochMillis) {
        return String.format("dl-%013d-%08x", epochMillis, ThreadLocalRandom.current().nextInt());
    }
}
