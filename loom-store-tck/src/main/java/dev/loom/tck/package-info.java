/**
 * The store conformance suite (TCK): abstract JUnit 5 classes that every {@link dev.loom.spi.Store} must pass
 * unchanged (ARCHITECTURE invariant 6).
 *
 * <p><b>How a store runs it.</b> Subclass {@link dev.loom.tck.StoreTck} once and implement
 * {@code newStore(int partitions)} (a new, empty store per call). A durable store also overrides
 * {@code durable()} to return {@code true} and {@code reopen(Store closed)} to return a store over the same
 * data as the closed one; otherwise the reopen tests are skipped. {@code StoreTck} nests every class below.
 * A store may instead subclass each class separately (same three methods); it must then run all eleven:
 * {@link dev.loom.tck.JournalTck}, {@link dev.loom.tck.MessageQueueTck}, {@link dev.loom.tck.LeaseFencingTck},
 * {@link dev.loom.tck.SnapshotTrimTck}, {@link dev.loom.tck.IdempotencyTck}, {@link dev.loom.tck.KnownKeyTck},
 * {@link dev.loom.tck.DeadLetterTck},
 * {@link dev.loom.tck.TimerTck}, {@link dev.loom.tck.CrashAtomicityTck}, {@link dev.loom.tck.ConcurrencyTck},
 * {@link dev.loom.tck.BackupTck}.
 *
 * <p>Tests pass every time explicitly ({@code now} relative to {@link dev.loom.tck.TckData#T0}, in 2030) and
 * use instants with whole milliseconds, which a store must keep exactly. Each test gets a store of
 * {@link dev.loom.tck.StoreTckBase#PARTITIONS} partitions.
 */
package dev.loom.tck;
