package dev.loom.store.sqlite.crash;

import dev.loom.actor.ActorRef;

/**
 * One line of the accepted log: a send that returned in the child, so Loom owes it delivery.
 *
 * @param round      the child's round (one child process per round)
 * @param messageId  the id the send returned
 * @param actor      the target
 * @param kind       the message type ({@link Workload#INCREMENT}, ...)
 * @param key        the idempotency key (for withdrawals also the reference)
 * @param duplicated whether the same key was sent twice on purpose (both copies are marked)
 */
record AcceptedSend(int round, String messageId, ActorRef actor, String kind, String key, boolean duplicated) {
    String toLine() {
        return round + "\t" + messageId + "\t" + actor + "\t" + kind + "\t" + key + "\t" + (duplicated ? "dup" : "-");
    }

    static AcceptedSend parse(String line) {
        String[] f = line.split("\t", -1);
        if (f.length != 6) {
            throw new IllegalArgumentException("malformed accepted-log line: " + line);
        }
        return new AcceptedSend(Integer.parseInt(f[0]), f[1], ActorRef.parse(f[2]), f[3], f[4], f[5].equals("dup"));
    }
}
