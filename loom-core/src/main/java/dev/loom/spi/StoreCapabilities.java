package dev.loom.spi;

/**
 * What a store can be relied on for beyond the {@link Store} contract, which every store fulfils. The server
 * refuses a non-durable store in production; the TCK enables the tests that need a capability
 * ({@code dev.loom.tck.TckCapability}).
 *
 * @param durable           committed data survives {@link Store#close()} and a crash of the process, and a store
 *                          opened again over the same data sees it
 * @param sharedByProcesses several processes may open the same data at once (one machine is enough: a SQLite file);
 *                          fencing by lease epoch holds between them
 * @param multiNode         processes on different machines may share the data (a database server), so a cluster
 *                          of Loom nodes can run on it
 */
public record StoreCapabilities(boolean durable, boolean sharedByProcesses, boolean multiNode) {
    public StoreCapabilities {
        if (multiNode && !sharedByProcesses) {
            throw new IllegalArgumentException("a multi-node store is necessarily shared by processes");
        }
        if (sharedByProcesses && !durable) {
            throw new IllegalArgumentException("a store shared by processes keeps its data outside any one of them,"
                    + " so it is durable");
        }
    }

    /** Process memory: nothing survives, nothing is shared. */
    public static final StoreCapabilities IN_PROCESS = new StoreCapabilities(false, false, false);
    /** A local file: durable, shared by the processes of one machine. */
    public static final StoreCapabilities LOCAL_FILE = new StoreCapabilities(true, true, false);
    /** A database server: durable, shared by every node of a cluster. */
    public static final StoreCapabilities SERVER = new StoreCapabilities(true, true, true);
}
