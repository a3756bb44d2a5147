package dev.loom.examples.documents;

import dev.loom.actor.ActorType;
import java.util.Comparator;
import java.util.List;

/**
 * The {@code documents} actor, one per document: registers a document and keeps the summary the document
 * pipeline makes of its pages.
 */
public final class Documents {
    /**
     * The document's state.
     *
     * @param title   its title, or null before it is registered
     * @param summary its summary, or null before it is summarised
     */
    public record Document(String title, Summary summary) {
    }

    /**
     * A document's summary.
     *
     * @param title   the title
     * @param pages   pages read
     * @param words   words over all pages
     * @param longest the longest word of the document (the first page's on a tie)
     */
    public record Summary(String title, int pages, long words, String longest) {
    }

    /** The document's messages. */
    public sealed interface DocumentMsg permits Register, Summarise, GetDocument {
    }

    /** Registers the document with its title; replies with the {@link Document}. */
    public record Register(String title) implements DocumentMsg {
    }

    /**
     * Summarises the pages' readings (in page order) and keeps the summary; replies with the {@link Summary}.
     *
     * @throws IllegalStateException if the document was not registered
     */
    public record Summarise(List<PageReader.Reading> readings) implements DocumentMsg {
    }

    /** Replies with the {@link Document}. */
    public record GetDocument() implements DocumentMsg {
    }

    public static final String NAME = "documents";

    private Documents() {
    }

    /** The {@code documents} actor type. */
    public static ActorType<Document, DocumentMsg> type() {
        return ActorType.builder(NAME, Document.class, DocumentMsg.class)
                .initialState(new Document(null, null))
                .handler((ctx, state, msg) -> switch (msg) {
                    case Register r -> {
                        if (r.title() == null || r.title().isBlank()) {
                            throw new IllegalArgumentException("a document needs a title");
                        }
                        Document next = new Document(r.title(), null);
                        ctx.reply(next);
                        yield next;
                    }
                    case Summarise s -> {
                        if (state.title() == null) {
                            throw new IllegalStateException("document " + ctx.self().id() + " is not registered");
                        }
                        List<PageReader.Reading> readings = s.readings() == null ? List.of() : s.readings();
                        String longest = readings.stream().map(PageReader.Reading::longest)
                                .max(Comparator.comparingInt(String::length)).orElse("");
                        Summary summary = new Summary(state.title(), readings.size(),
                                readings.stream().mapToLong(PageReader.Reading::words).sum(), longest);
                        ctx.reply(summary);
                        yield new Document(state.title(), summary);
                    }
                    case GetDocument g -> {
                        ctx.reply(state);
                        yield state;
                    }
                })
                .build();
    }
}
