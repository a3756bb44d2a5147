package dev.loom.pipeline;

import dev.loom.actor.ActorContext;
import dev.loom.actor.Handler;
import dev.loom.breaker.Breakers;

/**
 * The behaviour of the run actor: applies one message to a copy of the run's state and advances the DAG
 * ({@link RunTurn}). Refused operations change nothing and answer why.
 */
final class RunHandler implements Handler<RunState, RunMessage> {
    private final Breakers breakers;
    private final TaskMessages messages;
    private final PinnedDefinitions definitions;

    RunHandler(Breakers breakers, TaskMessages messages, PinnedDefinitions definitions) {
        this.breakers = breakers;
        this.messages = messages;
        this.definitions = definitions;
    }

    /** The definitions the runs of this node are pinned to. */
    PinnedDefinitions definitions() {
        return definitions;
    }

    @Override
    public RunState handle(ActorContext ctx, RunState committed, RunMessage message) {
        if (!committed.started() && !(message instanceof RunMessage.Start)) {
            ctx.reply(RunAnswer.refused("the run was never started", null));
            return committed;
        }
        if (committed.started()) {
            committed.resolve(definitions);
        }
        RunState run = committed.copy();
        RunTurn turn = new RunTurn(ctx, run, breakers, messages, definitions);
        String refusal = turn.apply(message);
        if (refusal != null) {
            answer(ctx, message, RunAnswer.refused(refusal, committed.visibleStatus()));
            return committed;
        }
        answer(ctx, message, RunAnswer.applied(run.visibleStatus()));
        return run;
    }

    /**
     * Answers an operation. Outcomes and the run's own timers are not answered: nobody waits for them (an outcome's
     * sender names no actor, a timer's is the run), and the answer would only be converted and stored with the
     * message's idempotency record on every stage transition.
     */
    private static void answer(ActorContext ctx, RunMessage message, RunAnswer answer) {
        boolean operation = switch (message) {
            case RunMessage.TaskOutcome o -> false;
            case RunMessage.TaskTimeout t -> false;
            case RunMessage.RetryDue r -> false;
            case RunMessage.BreakerRetry b -> false;
            case RunMessage.ApprovalTimeout t -> false;
            case RunMessage.Start s -> true;
            case RunMessage.Cancel c -> true;
            case RunMessage.Pause p -> true;
            case RunMessage.Resume r -> true;
            case RunMessage.Approve a -> true;
            case RunMessage.Reject r -> true;
            case RunMessage.Redrive r -> true;
        };
        if (operation) {
            ctx.reply(answer);
        }
    }
}
