package dev.loom.pipeline;

import java.util.List;

/**
 * Makes pipeline definitions discoverable through {@link java.util.ServiceLoader}, as
 * {@link dev.loom.actor.ActorTypeProvider} does for actor types: list the implementation in
 * {@code META-INF/services/dev.loom.pipeline.PipelineProvider}. A development server registers the definitions of the
 * providers on its class path together with the example actors ({@code actors.examples}); a node registers each at
 * start as {@code LoomBuilder.pipeline} does, so a definition whose version exists with other content fails the
 * start.
 */
public interface PipelineProvider {
    /** The definitions to register, each validated against the node's actor types when it starts. */
    List<PipelineDefinition> pipelines();
}
