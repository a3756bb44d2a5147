package dev.loom.examples.documents;

import dev.loom.actor.ActorType;
import java.util.Arrays;
import java.util.Locale;

/**
 * The {@code page-reader} actor, one per page: reads a page's text and replies with a {@link Reading} (word
 * count and the longest word). The document pipeline scatters a document's pages over these actors.
 */
public final class PageReader {
    /**
     * The page's state.
     *
     * @param reads times the page was read
     */
    public record Reads(long reads) {
    }

    /** The reader's messages. */
    public sealed interface PageMsg permits ReadPage {
    }

    /** Reads page number {@code index} (from 0) with {@code text}. */
    public record ReadPage(int index, String text) implements PageMsg {
    }

    /**
     * What reading a page found.
     *
     * @param page    the page's actor id
     * @param index   its position in the document
     * @param words   its number of words
     * @param longest its longest word (lower case; the first of equals), or empty
     */
    public record Reading(String page, int index, int words, String longest) {
    }

    public static final String NAME = "page-reader";

    private PageReader() {
    }

    /** The {@code page-reader} actor type. */
    public static ActorType<Reads, PageMsg> type() {
        return ActorType.builder(NAME, Reads.class, PageMsg.class)
                .initialState(new Reads(0))
                .handler((ctx, state, msg) -> switch (msg) {
                    case ReadPage p -> {
                        ctx.reply(read(ctx.self().id(), p.index(), p.text()));
                        yield new Reads(state.reads() + 1);
                    }
                })
                .build();
    }

    /** Reads {@code text} as the page {@code page} at {@code index}. */
    public static Reading read(String page, int index, String text) {
        String[] words = text == null ? new String[0]
                : Arrays.stream(text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+"))
                .filter(w -> !w.isEmpty()).toArray(String[]::new);
        String longest = "";
        for (String w : words) {
            if (w.length() > longest.length()) {
                longest = w;
            }
        }
        return new Reading(page, index, words.length, longest);
    }
}
