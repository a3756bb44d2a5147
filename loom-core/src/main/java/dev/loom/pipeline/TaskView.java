package dev.loom.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One task of a stage, in its latest attempt.
 *
 * @param taskId  {@code runId/stage/attempt/index}, also the message's idempotency key
 * @param index   its position in the stage (item, actor id or branch order)
 * @param target  the actor it was sent to ({@code type/id})
 * @param attempt its attempt number, from 1
 * @param status  {@code pending}, {@code sent}, {@code succeeded} or {@code failed}
 * @param sentAt  when it was sent, or {@code null}
 * @param endedAt when its outcome arrived, or {@code null}
 * @param result  its reply, or {@code null}
 * @param error   its last failure, or {@code null}
 */
public record TaskView(String taskId, int index, String target, int attempt, String status, Instant sentAt,
                       Instant endedAt, JsonNode result, RunError error) {
}
