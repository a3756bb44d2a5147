/**
 * The store SPI: what a storage engine implements so that Loom can run on it, and the plugin author's guide.
 *
 * <h2>The pieces</h2>
 * <ul>
 *   <li>{@link dev.loom.spi.Store}: the engine. Small sub-stores for reads and unfenced writes
 *       ({@link dev.loom.spi.MessageStore}, {@link dev.loom.spi.TimerStore}, {@link dev.loom.spi.JournalStore},
 *       {@link dev.loom.spi.SnapshotStore}, {@link dev.loom.spi.IdempotencyStore},
 *       {@link dev.loom.spi.DeadLetterStore}, {@link dev.loom.spi.LeaseStore}, {@link dev.loom.spi.BackupStore})
 *       and one fenced write path, {@link dev.loom.spi.Store#commit(java.util.List)}.</li>
 *   <li>{@link dev.loom.spi.StoreProvider}: how the server and the CLI find and open the engine by the name in
 *       {@code store.type}, with the {@link dev.loom.spi.StoreSetting}s it declares, its
 *       {@link dev.loom.spi.StoreCapabilities} and its {@link dev.loom.spi.StoreLocation}.</li>
 *   <li>{@link dev.loom.spi.ForwardingStore}: the base of decorators (timing, fault injection).</li>
 * </ul>
 *
 * <h2>What every store must guarantee</h2>
 * <ul>
 *   <li><b>Atomic, fenced commits.</b> {@code commit(writes)} applies each {@link dev.loom.spi.Write} whole or not
 *       at all, in list order (a later write sees an earlier one's effects). Each write names a partition and the
 *       lease epoch its author holds: if that is not the partition's current epoch the answer is
 *       {@link dev.loom.spi.WriteResult.Fenced} and nothing of the write is stored; a write that conflicts with
 *       the stored data (a journal seq that is not the next, a message that is no longer queued) answers
 *       {@link dev.loom.spi.WriteResult.Rejected} and leaves no trace. Other writes of the batch are unaffected.
 *       When {@code commit} returns, every {@link dev.loom.spi.WriteResult.Applied} write is durable (for a
 *       durable store); when it throws {@link dev.loom.spi.StoreException}, none is applied. Group commit
 *       (batching many turns into one transaction) is the store's business and is what makes it fast.</li>
 *   <li><b>A turn is one transaction.</b> A {@link dev.loom.spi.Write.TurnCommit} stores the journal entry, the
 *       optional snapshot and trim, the outgoing messages and timers, reminder cancellations and the idempotency
 *       record, and removes the handled message, together. A reader never sees part of it.</li>
 *   <li><b>Leases and epochs.</b> {@link dev.loom.spi.LeaseStore#acquire} succeeds only for a free or expired
 *       partition and always gives a new epoch larger than any before it for that partition, also to the node that
 *       held it (a restarted node fences its own earlier incarnation); {@code renew} keeps the epoch and extends the
 *       expiry only while the lease is still held. Epochs never go back, also across close and reopen.</li>
 *   <li><b>Ordering.</b> Journal seqs per actor are contiguous from 1. Within a partition, message seqs grow, and a
 *       message never becomes visible to {@link dev.loom.spi.MessageStore#fetch} before one with a smaller seq, so a
 *       reader that remembers the largest seq it saw misses nothing (assign seqs and make rows visible under the
 *       same lock or in commit order).</li>
 *   <li><b>Unfenced enqueue.</b> {@code messages().enqueue}, {@code timers().schedule} and dead-letter redrive are
 *       not fenced: any node or client may enqueue for any actor.</li>
 *   <li><b>Idempotency: {@code enqueueUnlessKnown}.</b> {@link dev.loom.spi.MessageStore#enqueueUnlessKnown} (and
 *       {@link dev.loom.spi.TimerStore#scheduleUnlessKnown} for a delayed send) stores a message with an
 *       idempotency key only if its {@code (target, key)} is not known, in one atomic step with the check, also
 *       against senders in other processes. Known means, in this order: an unexpired idempotency record (answer its
 *       committed message id), a queued message with that key (whatever its failed attempts), a pending timer. The
 *       check and the insert must not be two transactions: a lock in the caller would order only that node's
 *       senders.</li>
 *   <li><b>Hints (optional).</b> {@link dev.loom.spi.MessageStore#awaitMessages} (new messages of a partition),
 *       {@link dev.loom.spi.IdempotencyStore#watchReplies} (a partition committed turns with idempotency records or
 *       dead letters) and {@link dev.loom.spi.LeaseStore#watchMembership} (a node joined or left, a lease was
 *       released) let a store shared by several nodes tell a node of another node's commits sooner than the
 *       runtime's polls would. Their defaults do nothing beyond waiting; the runtime stays correct without them,
 *       only slower across processes. A store that implements them coalesces: a hint is per partition, not per
 *       row.</li>
 *   <li><b>Errors.</b> A store that cannot answer throws {@link dev.loom.spi.StoreException} with a message that
 *       says why; it never returns a partial answer. After {@link dev.loom.spi.Store#close()} every call throws it.</li>
 *   <li><b>Threads.</b> Every method may be called from any thread, virtual threads included; a driver that pins
 *       carrier threads (JNI, synchronized I/O) must run its work on platform threads of its own.</li>
 *   <li><b>Backups.</b> {@link dev.loom.spi.BackupStore#export} is one consistent point in time and streams (memory
 *       does not grow with the store); {@code importFrom} goes only into an empty store with the same partition
 *       count, all or nothing, keeping seqs, ids, timestamps and attempts, and throws
 *       {@link dev.loom.spi.BackupRefusedException} otherwise.</li>
 * </ul>
 *
 * <h2>The {@code store} circuit breaker, and what bypasses it</h2>
 * The runtime wraps the store once, with {@link dev.loom.breaker.Breakers#guard} (a
 * {@link dev.loom.spi.ForwardingStore} decorator), and every part of it uses only that wrapper: every call the message path
 * makes goes through the {@code store} breaker, so that a failing store is not hammered and callers fail fast. That
 * is {@link dev.loom.spi.Store#commit} (turns, acknowledgements, failed attempts, dead letters, timer fires), the
 * partition workers' {@code messages().fetch}, activation's reads ({@code snapshots()}, {@code journal()}), the
 * turn's idempotency check and the asks' reply reads ({@code idempotency().find}, {@code deadLetters().list}), the
 * timer pump's {@code timers().due}, the periodic {@code idempotency().purgeExpired}, and the send path
 * ({@code messages().enqueue}, {@code enqueueUnlessKnown}, {@code timers().schedule}, {@code scheduleUnlessKnown}).
 * A refused call throws {@link dev.loom.spi.StoreException}, as a failing store does.
 * These calls bypass it, deliberately (the wrapper forwards them unchanged):
 * <ul>
 *   <li>the whole {@link dev.loom.spi.LeaseStore} ({@code heartbeat}, {@code members}, {@code renew},
 *       {@code renewAll}, {@code acquire}, {@code release}, {@code leave}, {@code all}, {@code watchMembership}):
 *       lease renewal must be attempted on schedule whatever the breaker says, or a node would lose leases because
 *       of its own breaker; a lease that could not be renewed before it expired is dropped even while the store is
 *       unreachable;</li>
 *   <li>the hints, which wait rather than answer: {@link dev.loom.spi.MessageStore#awaitMessages} and
 *       {@link dev.loom.spi.IdempotencyStore#watchReplies};</li>
 *   <li>{@link dev.loom.spi.Store#ping()}, which the health check uses to see the store itself rather than the
 *       breaker, and {@code backup()}, an operator's export or import that must report the store's own error;</li>
 *   <li>operator calls: state and journal inspection ({@code Loom.state}, {@code journal}, {@code replay}, ...),
 *       dead-letter listing, redrive and purge ({@code Loom.deadLetters()}), and whatever the node's owner calls on
 *       {@code Loom.store()}, which is the store as given, undecorated: an operator diagnosing an outage reads the
 *       store, and the reads do not move the breaker that protects the message path.</li>
 * </ul>
 * A store therefore sees calls while the breaker is open and must fail them quickly (bounded connect and
 * statement timeouts) rather than hang.
 *
 * <h2>Writing a provider</h2>
 * <ol>
 *   <li>Implement {@link dev.loom.spi.StoreProvider}: a lower-case {@code name()} (the value of {@code store.type}
 *       and the section {@code store.<name>} in {@code loom.yaml}), its {@code settings()} (name, type, default as
 *       shown to operators, one-sentence description, secret or not), {@code capabilities()}, {@code validate}
 *       (checks beyond each setting's type, answered with key-relative {@link dev.loom.spi.StoreProblem}s; no
 *       connecting, no secrets), {@code location} and {@code open}. A settings list for a server store could be
 *       {@code url} (text), {@code user} (text), {@code password} ({@link dev.loom.spi.StoreSetting#secret}: may be
 *       {@code file:/run/secrets/pg}, resolved in {@code open} with {@link dev.loom.spi.StoreContext#secrets()}),
 *       {@code poolSize} ({@link dev.loom.spi.StoreSetting.Type.Int}) and {@code schema} (text); operators then set
 *       {@code store.postgres.url} or {@code LOOM_STORE_POSTGRES_URL}, with no change to the server or the CLI.</li>
 *   <li>Register it: a line with the class name in {@code META-INF/services/dev.loom.spi.StoreProvider} of the
 *       store's jar. Put the jar on the server's class path; {@link dev.loom.spi.StoreProviders#discover()} finds it,
 *       and an unknown {@code store.type} is refused with the names that were found.</li>
 *   <li>Declare honest {@link dev.loom.spi.StoreCapabilities}: a store that is not {@code durable} is refused by
 *       {@code validate-production}; {@code sharedByProcesses} and {@code multiNode} say whether several processes
 *       and machines may open the same data (fencing by epoch must then hold between them).</li>
 *   <li>Run the TCK ({@code loom-store-tck}, invariant 6: unchanged): subclass {@code dev.loom.tck.StoreTck} in the
 *       store's tests, open the store through the provider in {@code newStore(TestIsolation)}, return
 *       {@code TckCapability.of(provider.capabilities())} from {@code capabilities()}, and implement what the flags
 *       need: {@code reopen(closed)} for {@code durable}, {@code openShared(open)} for {@code sharedHandles}. A store
 *       on a shared server maps {@code TestIsolation.namespace()} to a fresh schema or key prefix and drops it in
 *       {@code discard}, so the server is started once, not per test. Store-specific tests may add to the TCK, never
 *       replace it. The TCK's {@code GroupCommitThroughputTck} prints turns/s and rows/s for comparison.</li>
 * </ol>
 */
package dev.loom.spi;
