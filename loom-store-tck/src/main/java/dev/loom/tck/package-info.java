/**
 * The store conformance suite (TCK): abstract JUnit 5 classes that every {@link dev.loom.spi.Store} must pass
 * unchanged (ARCHITECTURE invariant 6).
 *
 * <p><b>How a store runs it.</b> Subclass {@link dev.loom.tck.StoreTck} once and implement
 * {@code newStore(TestIsolation)} (a new, empty store per call; stores whose instances are separate anyway may
 * implement {@code newStore(int partitions)} instead). Declare what the store can do with
 * {@code capabilities()} ({@link dev.loom.tck.TckCapability#of(dev.loom.spi.StoreCapabilities)} turns a
 * provider's capabilities into the TCK's flags) and implement what each flag needs:
 * {@link dev.loom.tck.TckCapability#DURABLE durable} needs {@code reopen(Store closed)}, a store over the closed
 * one's data; {@link dev.loom.tck.TckCapability#SHARED_HANDLES sharedHandles} needs {@code openShared(Store open)},
 * a second store over the data of one that stays open. Tests needing a flag the store lacks are skipped with a
 * JUnit assumption that names the flag. {@code StoreTck} nests every class below; a store may instead subclass
 * each separately (same methods), and must then run all thirteen:
 * {@link dev.loom.tck.JournalTck}, {@link dev.loom.tck.MessageQueueTck}, {@link dev.loom.tck.SettlementSendsTck},
 * {@link dev.loom.tck.LeaseFencingTck},
 * {@link dev.loom.tck.SnapshotTrimTck}, {@link dev.loom.tck.IdempotencyTck}, {@link dev.loom.tck.KnownKeyTck},
 * {@link dev.loom.tck.DeadLetterTck}, {@link dev.loom.tck.TimerTck}, {@link dev.loom.tck.CrashAtomicityTck},
 * {@link dev.loom.tck.ConcurrencyTck}, {@link dev.loom.tck.BackupTck},
 * {@link dev.loom.tck.GroupCommitThroughputTck}.
 *
 * <p><b>Isolation on a shared server.</b> Every store the TCK opens gets a {@link dev.loom.tck.TestIsolation}
 * with a namespace unique to the run ({@code tck_<run>_<n>_<test>}). A store on a database server starts the
 * server once (per JVM or outside the build) and maps the namespace to a schema or key prefix, dropping it in
 * {@code discard(TestIsolation)} after the test; file and memory stores use a new file or instance.
 *
 * <p><b>Throughput.</b> {@link dev.loom.tck.GroupCommitThroughputTck} prints turns/s and rows/s of batched turn
 * commits ({@code [loom-store-tck] group commit on <store>: ...} on standard output) and asserts only
 * correctness, so stores can be compared on one machine without flaky timing assertions.
 *
 * <p>Tests pass every time explicitly ({@code now} relative to {@link dev.loom.tck.TckData#T0}, in 2030) and
 * use instants with whole milliseconds, which a store must keep exactly. Each test gets a store of
 * {@link dev.loom.tck.StoreTckBase#PARTITIONS} partitions.
 */
package dev.loom.tck;
