package dev.loom.spi;

import java.util.List;

/** No {@link StoreProvider} on the class path has the requested name. */
public final class UnknownStoreException extends IllegalArgumentException {
    private final String requested;
    private final List<String> known;

    public UnknownStoreException(String requested, List<String> known) {
        super("no store named \"" + requested + "\" on the class path; known stores: " + String.join(", ", known)
                + " (a store's jar registers it in META-INF/services/" + StoreProvider.class.getName() + ")");
        this.requested = requested;
        this.known = List.copyOf(known);
    }

    /** The name asked for. */
    public String requested() {
        return requested;
    }

    /** The names of the providers that were found. */
    public List<String> known() {
        return known;
    }
}
