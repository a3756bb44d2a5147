/**
 * Loom's multi-node store on PostgreSQL ({@code store.type: postgres}): every table in one schema, shared by any
 * number of nodes through pgjdbc and a HikariCP pool per node.
 *
 * <h2>The read cursor and visibility gaps</h2>
 * Partition workers read their queue from a cursor, the largest seq they saw, so a message must never become
 * visible after one with a larger seq of the same partition. A plain {@code BIGSERIAL} breaks that: two
 * transactions take ids 10 and 11, the one with 11 commits first, a reader moves its cursor to 11 and never sees
 * 10. This store instead <b>allocates seqs under the partition's row lock</b>: every transaction that inserts
 * messages into a partition first locks that partition's row in {@code partitions} ({@code FOR UPDATE}, all its
 * destination partitions in ascending order), only then takes seqs from the sequence {@code message_seq}, and holds
 * the locks until it commits. Transactions writing to one partition therefore take seqs in the order in which they
 * commit, and PostgreSQL makes a transaction visible before it releases its locks, so the next writer's larger seqs
 * can only appear after the earlier ones. Seqs stay unique and increasing across partitions (a batch's seqs follow
 * its list order), may have gaps (a rolled-back or rejected write's seqs are skipped, which a cursor does not mind),
 * and writers to different partitions do not wait for each other. This was chosen over reading by
 * {@code xmin}/snapshot horizons because it keeps {@code fetch} a plain index range scan and its correctness local
 * to the writers.
 *
 * <h2>Fencing</h2>
 * Every group-commit transaction first reads the lease rows of the partitions its writes name
 * {@code FOR KEY SHARE} (ascending) and keeps them locked until it ends; each write is applied only if its epoch
 * equals the locked one, otherwise it answers {@code Fenced} and nothing of it is stored. {@code acquire} locks the
 * row {@code FOR UPDATE} before it raises the epoch, which waits for those locks, so when a takeover returns, every
 * transaction that saw the old epoch has ended and every later one sees the new epoch: the old holder's commit is
 * refused, on whichever node it runs (the pattern of Temporal's SQL persistence, with the check inside the
 * committing transaction). Renewals change only {@code expires_at} (one {@code UPDATE} for all of a node's leases),
 * which {@code FOR KEY SHARE} does not block, so they never queue behind commits.
 *
 * <h2>Group commit</h2>
 * One thread per store handle ({@code GroupCommitter}) takes the {@code commit} and {@code enqueue} calls of every
 * caller and runs them in shared transactions of up to {@code maxBatchWrites} rows. The transaction locks and reads
 * what the whole batch needs in a few statements (lease rows, destination partitions and their seqs in one
 * statement, the queued messages that writes update in place {@code FOR UPDATE}, the journal heads of actors whose
 * head it does not remember for the partition's current epoch: see {@code JournalHeads}), checks each write against
 * that model in list order, and
 * sends the common rows as multi-row statements: one {@code DELETE .. USING unnest(..)} for all handled messages,
 * one {@code INSERT .. SELECT FROM unnest(..)} each for the journal entries and the messages ({@code UnnestInsert}),
 * and batched idempotency upserts, which the driver rewrites into multi-row {@code INSERT}s
 * ({@code reWriteBatchedInserts=true}). A write that is fenced or conflicts is
 * answered without touching anything, so the others commit; if a statement fails anyway (a conflict with another
 * node that the model could not foresee, such as a journal entry it inserted meanwhile), the batch is rolled back
 * and each task runs again alone with every write in a savepoint, so the conflicting write is rejected alone.
 * Messages that writes only remove (turns, acknowledgements, dead letters) are not read first: the fencing already
 * keeps every other writer of their partition out, so the model takes them as queued and the {@code DELETE} counts
 * them; if one is missing (a turn for a message handled before), nothing has been committed yet and the batch runs
 * again with every named message read and locked, which answers that write {@code Rejected}. This saves a row lock
 * (a heap change and a WAL record) and a lookup per message.
 * Savepoints are not used on the fast path: every savepoint that writes is a subtransaction, and more than 64 of
 * them in one transaction overflow PostgreSQL's per-backend cache and slow every other session down. Locks are
 * taken in one global order (lease rows, partition rows, message rows), so concurrent batches of different nodes
 * cannot deadlock on them; a deadlock or serialization failure the server reports anyway reruns the batch.
 *
 * <h2>Connections</h2>
 * Each store handle has its pool ({@code store.postgres.poolSize}) for the committer, reads and takeovers, a
 * LISTEN connection, and a pool of two for lease renewals, releases, heartbeats and membership reads, so that a
 * lease round never waits behind partition workers for a connection.
 *
 * <h2>Known keys</h2>
 * {@code enqueueUnlessKnown} and {@code scheduleUnlessKnown} run in a transaction of their own: a transaction-scoped
 * advisory lock on the hash of (schema, target, key), then the three lookups (idempotency record, queued message,
 * pending timer) as one statement, hence one snapshot, then the insert. See {@code KeyLookup}.
 *
 * <h2>Wake-ups</h2>
 * A worker waiting in {@link dev.loom.spi.MessageStore#awaitMessages} is woken by a {@code NOTIFY} on the schema's
 * channel whose payload is the partition. Commits never notify inside their own transaction (a notifying
 * transaction takes a database-wide lock at commit, which serialises all commits); a sender thread reports the
 * committed partitions afterwards, at most once per partition per {@code notifyInterval} (5 ms). The listening
 * connection lives outside the pool and reconnects with backoff; polling with a jittered interval stays behind it.
 * Commits of turns with an idempotency record, and of dead letters, are reported the same way on the same channel
 * with the payload {@code r<partition>}: an ask waiting on another node than the one that ran its turn then reads
 * the reply from the idempotency record ({@link dev.loom.spi.IdempotencyStore#watchReplies}).
 *
 * <h2>Dead tuples</h2>
 * Handled messages are deleted in one statement per batch along the primary key, expired idempotency records in
 * chunks along the expiry index. The queue-like tables ({@code messages}, {@code idempotency}, {@code timers}) and
 * the constantly updated ones ({@code leases}, {@code nodes}) carry per-table autovacuum settings (a fixed dead-row
 * threshold instead of a fraction of a table that should stay small, no cost throttling; fillfactor for HOT updates
 * of leases and members); see {@code Migrations}.
 *
 * <h2>Schema versions and start errors</h2>
 * {@code loom_meta} records the schema version and partition count. Opening migrates an older schema in one
 * transaction under an advisory lock, and refuses, unchanged, a schema from a newer Loom or one that has tables but
 * no {@code loom_meta}. Unreachable servers, refused credentials, missing databases and missing privileges are
 * reported with the server's address and what to do, never with the password.
 */
package dev.loom.store.postgres;
