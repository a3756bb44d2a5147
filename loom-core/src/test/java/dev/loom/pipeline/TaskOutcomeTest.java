package dev.loom.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.loom.actor.ActorRef;
import dev.loom.actor.MessageOutcome;
import dev.loom.json.Json;
import dev.loom.json.SerializationException;
import org.junit.jupiter.api.Test;

/**
 * A task's outcome is queued for the run with only the members the run uses; outcomes queued in the earlier form (the
 * whole {@link MessageOutcome}) still read.
 */
class TaskOutcomeTest {
    private static final MessageOutcome COMPLETED = new MessageOutcome("m-1", "r~1/a/1/0", ActorRef.of("worker", "w-1"),
            MessageOutcome.Kind.COMPLETED, IntNode.valueOf(4), null, null);
    private static final MessageOutcome DEAD = new MessageOutcome("m-2", "r~1/a/2/0", ActorRef.of("worker", "w-1"),
            MessageOutcome.Kind.DEAD_LETTERED, NullNode.instance, new MessageOutcome.Failure("Boom", "it broke"), "dl-9");

    @Test
    void anOutcomeIsStoredWithTheMembersItHasAndReadsBack() {
        String stored = Json.write(RunMessage.TaskOutcome.of(COMPLETED));

        assertThat(Json.parse(stored).properties()).extracting(java.util.Map.Entry::getKey)
                .containsExactly("taskId", "kind", "reply");
        assertThat(Json.read(stored, RunMessage.TaskOutcome.class)).isEqualTo(RunMessage.TaskOutcome.of(COMPLETED));
        assertThat(Json.read(Json.write(RunMessage.TaskOutcome.of(DEAD)), RunMessage.TaskOutcome.class))
                .isEqualTo(new RunMessage.TaskOutcome("r~1/a/2/0", MessageOutcome.Kind.DEAD_LETTERED,
                        NullNode.instance, new MessageOutcome.Failure("Boom", "it broke"), "dl-9"));
    }

    @Test
    void anOutcomeQueuedWholeStillReads() {
        String old = Json.mapper().createObjectNode().set("outcome", Json.toTree(DEAD)).toString();

        assertThat(Json.read(old, RunMessage.TaskOutcome.class)).isEqualTo(RunMessage.TaskOutcome.of(DEAD));
    }

    @Test
    void anOutcomeWithoutAKindDoesNotRead() {
        assertThatThrownBy(() -> Json.read("{\"taskId\":\"r~1/a/1/0\"}", RunMessage.TaskOutcome.class))
                .isInstanceOf(SerializationException.class).hasMessageContaining("kind");
    }
}
