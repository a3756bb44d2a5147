package dev.loom.cli.actor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loom.actor.ActorRef;
import java.util.OptionalLong;

/**
 * Read access to actors, from a running server or straight from a store file ({@code --direct}). Both give
 * answers in the HTTP contract's JSON shapes, so one rendering serves both.
 */
public interface ActorReads extends AutoCloseable {
    /** {@code {"actor","seq","state"}}: the latest state, or the state right after turn {@code at}. */
    JsonNode state(ActorRef actor, OptionalLong at);

    /** {@code {"actor","entries":[...],"next"}}: up to {@code limit} journal entries from seq {@code from}. */
    JsonNode journal(ActorRef actor, long from, int limit);

    /** {@code {"actor","steps":[{"entry","state"}]}}: each entry from {@code from} to {@code to} (default: the last) with the state it produced. */
    JsonNode replay(ActorRef actor, long from, OptionalLong to);

    /** {@code {"actor","timers":[{"timerId","deliverAt","message","reminder"}]}}: the actor's pending timers, earliest first. */
    JsonNode timers(ActorRef actor);

    /** {@code {"type","ids":[...],"next"}}: up to {@code limit} ids of {@code type} starting with {@code prefix}, after {@code after}. */
    JsonNode ids(String type, String prefix, String after, int limit);

    @Override
    void close();
}
