package dev.loom.cli.actor;

import dev.loom.actor.ActorRef;
import dev.loom.cli.remote.LoomClient;

/** The HTTP routes of one actor. */
final class ActorPaths {
    private ActorPaths() {
    }

    /** {@code api/actors/{type}/{id}/} followed by {@code suffix}. */
    static String of(ActorRef actor, String suffix) {
        return "api/actors/" + LoomClient.segment(actor.type()) + "/" + LoomClient.segment(actor.id()) + "/" + suffix;
    }
}
