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
            ctx.reply(RunAnswer.refused(refusal, committed.visibleStatus()));
            return committed;
        }
        ctx.reply(RunAnswer.applied(run.visibleStatus()));
        return run;
    }
}
