package dev.loom.examples.documents;

import dev.loom.pipeline.GatherStage;
import dev.loom.pipeline.PipelineDefinition;
import dev.loom.pipeline.Task;
import dev.loom.pipeline.Value;

/**
 * The {@code document-processing} pipeline: registers the document ({@link Documents}) while its pages are read
 * in parallel ({@link PageReader}, a scatter with at most {@value #CONCURRENCY} pages in flight), gathers both,
 * and summarises the readings into the document.
 *
 * <p>Input: {@code {"documentId", "title", "pages": [{"page": "<page actor id>", "text": "..."}, ...]}}; the
 * {@code summarise} stage's output is a {@link Documents.Summary}. A document without pages is summarised at once
 * (the empty scatter completes immediately).
 */
public final class DocumentProcessing {
    public static final String NAME = "document-processing";
    /** Pages read at once per document. */
    public static final int CONCURRENCY = 4;

    private DocumentProcessing() {
    }

    /** The definition (version 1). */
    public static PipelineDefinition definition() {
        return PipelineDefinition.builder(NAME, 1)
                .single("register", Task.to(Documents.NAME, Value.at("/input/documentId"), "Register")
                        .with("title", "/input/title"))
                .scatter("read", Value.at("/input/pages"), Task.to(PageReader.NAME, Value.at("/item/page"), "ReadPage")
                        .with("index", "/index").with("text", "/item/text"), CONCURRENCY, s -> { })
                .gather("collect", GatherStage.Mode.ALL, 0, s -> s.after("register", "read"))
                .single("summarise", Task.to(Documents.NAME, Value.at("/input/documentId"), "Summarise")
                        .with("readings", "/stages/collect/output/read"), s -> s.after("collect"))
                .build();
    }
}
