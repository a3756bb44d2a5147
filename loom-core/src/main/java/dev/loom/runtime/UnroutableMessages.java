package dev.loom.runtime;

import dev.loom.actor.MessageOutcome;
import dev.loom.spi.DeadLetter;
import dev.loom.spi.Envelope;
import dev.loom.spi.ErrorInfo;
import dev.loom.spi.StoredMessage;
import dev.loom.spi.Write;
import dev.loom.spi.WriteResult;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Messages whose target's actor type this node does not have (an actor jar was removed, a type renamed): they go
 * straight to the dead letters, where an operator sees them and redrives them once the type is back.
 */
final class UnroutableMessages {
    private static final Logger LOG = LoggerFactory.getLogger(Loom.class);

    private final String nodeId;
    private final TurnServices services;

    UnroutableMessages(String nodeId, TurnServices services) {
        this.nodeId = nodeId;
        this.services = services;
    }

    void deadLetter(PartitionWorker w, StoredMessage m) {
        Instant now = services.now();
        UnknownActorTypeException error = new UnknownActorTypeException("no actor type '"
                + m.envelope().target().type() + "' is registered on node " + nodeId);
        var dl = new DeadLetter(MessageIds.deadLetter(now.toEpochMilli()), m.envelope().target().type(),
                m.envelope().target(), m.envelope(), m.delivery().steps(), ErrorInfo.of(error),
                m.delivery().attempts() + 1, now, now);
        List<Envelope> outcome = services.outcomes().outcomeOf(m.envelope(), MessageOutcome.Kind.DEAD_LETTERED,
                null, dl.error(), dl.id(), now);
        services.committer().submit(new Write.DeadLettered(w.partition, w.epoch, m.seq(), dl, outcome))
                .whenComplete((r, e) -> {
                    w.completed();
                    if (e == null && r instanceof WriteResult.Applied) {
                        services.partitions().delivered(outcome);
                    }
                    if (e != null) {
                        LOG.warn("could not dead-letter unroutable message {}: {}", m.envelope().messageId(), e.toString());
                    }
                });
    }
}
