package dev.loom.bench.compare;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.dbos.transact.DBOS;
import dev.dbos.transact.config.DBOSConfig;
import dev.dbos.transact.workflow.Workflow;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * DBOS Transact: an increment is a workflow with one step that adds one to the counter and returns the new value;
 * DBOS records the workflow's start, the step's output and the workflow's end in its system database before the
 * call returns. The workflow runs in the calling thread; DBOS gets a pool of {@value #POOL} connections.
 */
final class DbosContender implements Contender {
    static final int POOL = 20;

    /** The workflow DBOS runs for each increment. */
    public interface Increments {
        long increment(int counter, String payload);
    }

    /** The workflow: one step. The counters live in memory; DBOS makes each step's result durable. */
    public static final class CounterWorkflows implements Increments {
        private final DBOS dbos;
        private final AtomicLongArray counts;

        CounterWorkflows(DBOS dbos, int actors) {
            this.dbos = dbos;
            this.counts = new AtomicLongArray(actors);
        }

        @Override
        @Workflow(name = "increment")
        public long increment(int counter, String payload) {
            return dbos.runStep(() -> counts.incrementAndGet(counter), "add");
        }
    }

    private final String url;
    private final HikariDataSource pool;
    private final DBOS dbos;
    private final Increments workflows;

    DbosContender(String url, String user, int actors) {
        this.url = url;
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setMaximumPoolSize(POOL);
        config.setPoolName("dbos-compare");
        this.pool = new HikariDataSource(config);
        this.dbos = new DBOS(DBOSConfig.defaults("loom-compare").withDataSource(pool).withDatabaseUrl(url)
                .withDbUser(user).withAdminServer(false));
        this.workflows = dbos.registerProxy(Increments.class, new CounterWorkflows(dbos, actors));
        dbos.launch();
    }

    @Override
    public String name() {
        return "DBOS Transact";
    }

    @Override
    public String describe() {
        return "a workflow with one step per increment (status + step output in the system database), "
                + POOL + " connections";
    }

    @Override
    public void increment(int counter, String payload) {
        workflows.increment(counter, payload);
    }

    @Override
    public long durableCount() throws SQLException {
        return ComparisonServer.count(url, "SELECT count(*) FROM dbos.operation_outputs");
    }

    @Override
    public void close() {
        dbos.shutdown();
        pool.close();
    }
}
