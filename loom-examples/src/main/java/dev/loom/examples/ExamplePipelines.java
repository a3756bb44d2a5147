package dev.loom.examples;

import dev.loom.examples.approval.ExpenseApproval;
import dev.loom.examples.documents.DocumentProcessing;
import dev.loom.examples.fulfilment.OrderFulfilment;
import dev.loom.pipeline.PipelineDefinition;
import java.util.List;

/**
 * The example pipelines, over the example actors of {@link ExampleActors}:
 * <ul>
 * <li>{@code order-fulfilment} ({@link OrderFulfilment}): a saga that reserves stock, charges the card through a
 *     durable step and ships, refunding and releasing in reverse order when a stage fails;</li>
 * <li>{@code document-processing} ({@link DocumentProcessing}): scatters a document's pages over readers with a
 *     concurrency limit, gathers them and summarises;</li>
 * <li>{@code expense-approval} ({@link ExpenseApproval}): a human-approval stage with a timeout that escalates.</li>
 * </ul>
 * Register them with {@code LoomBuilder.pipeline(definition)} or {@code loom.pipelines().register(definition)}.
 */
public final class ExamplePipelines {
    private ExamplePipelines() {
    }

    /** The three definitions, as registered by a development node. */
    public static List<PipelineDefinition> definitions() {
        return List.of(OrderFulfilment.definition(), DocumentProcessing.definition(), ExpenseApproval.definition());
    }
}
