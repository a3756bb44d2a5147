package dev.loom.tck;

import dev.loom.spi.StoreCapabilities;
import java.util.EnumSet;
import java.util.Set;

/**
 * What a store under test can do beyond the contract every store meets. A TCK test that needs a capability
 * is skipped (a JUnit assumption naming the flag) when the store does not declare it; the rest of the suite
 * always runs.
 */
public enum TckCapability {
    /**
     * {@code durable}: data survives {@link dev.loom.spi.Store#close()}, and {@code reopen(closed)} gives a
     * store over the same data. Enables the close-and-reopen tests (crash atomicity, counters that keep growing).
     */
    DURABLE("durable"),
    /**
     * {@code sharedHandles}: two stores over the same data may be open at once ({@code openShared(open)}), as
     * two processes on one SQLite file or two nodes on one database server. Enables the tests that fence a
     * writer through another handle.
     */
    SHARED_HANDLES("sharedHandles");

    private final String flag;

    TckCapability(String flag) {
        this.flag = flag;
    }

    /** The flag's name as skip messages show it. */
    public String flag() {
        return flag;
    }

    /** The TCK capabilities a provider's {@link StoreCapabilities} promise. */
    public static Set<TckCapability> of(StoreCapabilities c) {
        Set<TckCapability> out = EnumSet.noneOf(TckCapability.class);
        if (c.durable()) {
            out.add(DURABLE);
        }
        if (c.sharedByProcesses()) {
            out.add(SHARED_HANDLES);
        }
        return out;
    }
}
