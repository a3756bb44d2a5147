package dev.loom.pipeline;

import java.util.List;
import java.util.Objects;

/**
 * Waits for a person to approve or reject ({@link Pipelines#approve}, {@link Pipelines#reject}); its output is
 * {@code {"decision": "approved"|"rejected", "by": ..., "comment": ...}}. Approval completes the stage; a rejection
 * fails it (and the run rolls back). With a {@link StageOptions#timeout() timeout}, {@code onTimeout} decides what
 * happens when no decision came in time.
 *
 * @param name       the stage name
 * @param dependsOn  the stages it waits for
 * @param onTimeout  what a timeout does (default {@link OnTimeout#REJECT})
 * @param escalation with {@link OnTimeout#ESCALATE}: the task sent on timeout, after which the stage waits once
 *                   more for the same timeout and then rejects
 * @param options    its policies (timeout, condition, compensation apply)
 */
public record ApprovalStage(String name, List<String> dependsOn, OnTimeout onTimeout, Task escalation,
                            StageOptions options) implements Stage {
    /** What a human-approval stage does when its timeout passes without a decision. */
    public enum OnTimeout {
        /** Rejects (the stage fails). */
        REJECT,
        /** Approves. */
        APPROVE,
        /** Sends the escalation task and waits again. */
        ESCALATE
    }

    public ApprovalStage {
        Objects.requireNonNull(name, "name");
        dependsOn = Stage.names(dependsOn);
        onTimeout = onTimeout == null ? OnTimeout.REJECT : onTimeout;
        options = Stage.orNone(options);
    }
}
