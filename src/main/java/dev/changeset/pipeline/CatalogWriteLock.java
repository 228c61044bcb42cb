package dev.changeset.pipeline;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

/**
 * Lets one execution at a time check, write and read back the catalog, across threads and replicas. Google Sheets
 * has no conditional write: without this, two executions touching the same cell could both pass their guard reads
 * and both write, and the second would silently undo the first. Held from the guard read to the end of the
 * read-back (and the sealing), it makes "still as previewed? then write" atomic among this server's writers. A
 * person editing the sheet by hand inside that window is still possible; the read-back then names the cells.
 * <p>
 * The lock is the row lock of {@code catalog_write_lock} taken with {@code SELECT ... FOR UPDATE} in a transaction
 * kept open on a connection of its own: every replica sees it (they coordinate through the database, never through
 * memory), and a process that dies (SIGKILL, lost pod) releases it as its connection closes. The wait for it is
 * bounded, as the receipt chain's is. One lock for the whole catalog: a changeset is one write of about a second, and
 * Google allows a user 60 writes a minute, so finer locks would buy little.
 * <p>
 * Inside one process the executions first take turns on a fair semaphore, so a waiting execution never holds a
 * pooled connection (a burst of approvals once emptied the pool: "acquisition timeout"); and executions that an
 * approval starts, which nobody waits for, queue on one thread of their own ({@link #enqueue}) instead of blocking
 * a worker thread each.
 */
@ApplicationScoped
class CatalogWriteLock {

    private static final Logger LOG = Logger.getLogger(CatalogWriteLock.class);
    private static final String CATALOG = "catalog";
    private static final int H2_DEFAULT_LOCK_TIMEOUT_MILLIS = 1000;

    private final DataSource db;
    private final Duration wait;
    private final Semaphore turn = new Semaphore(1, true);
    private final ExecutorService approved = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "catalog-writes");
        t.setDaemon(true);
        return t;
    });

    CatalogWriteLock(DataSource db, PipelineConfig config) {
        this.db = db;
        this.wait = config.writeLockWait();
    }

    /** Runs an execution started by an approval after those queued before it, on this process's writer thread. */
    void enqueue(Runnable execution) {
        approved.execute(() -> {
            try {
                execution.run();
            } catch (RuntimeException e) { // the changeset stays where it was: its owner's next call picks it up
                LOG.errorf("an approved changeset's execution could not run: %s", e.toString());
            }
        });
    }

    /** Queued executions not yet started stay APPROVED: their owner's next apply_changeset runs them. */
    @PreDestroy
    void stop() {
        List<Runnable> left = approved.shutdownNow();
        if (!left.isEmpty()) {
            LOG.warnf("shutting down: %d approved changeset(s) were queued and stay APPROVED until their owners' next"
                    + " apply_changeset", left.size());
        }
    }

    /** Another execution held the lock for longer than the wait: nothing was read or written. */
    static final class Busy extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Busy(Duration waited) {
            super("another changeset was being written to the catalog for over " + waited.toSeconds()
                    + " s; nothing was written");
        }
    }

    /** The lock, held until closed. */
    final class Held implements AutoCloseable {
        private final Connection connection;
        private final boolean h2;

        private Held(Connection connection, boolean h2) {
            this.connection = connection;
            this.h2 = h2;
        }

        @Override
        public void close() {
            try {
                release();
            } finally {
                turn.release();
            }
        }

        private void release() {
            try (connection) {
                connection.rollback(); // nothing was changed: ending the transaction releases the row lock
                if (h2) {
                    try (Statement s = connection.createStatement()) {
                        s.execute("SET LOCK_TIMEOUT " + H2_DEFAULT_LOCK_TIMEOUT_MILLIS); // a session setting
                    }
                }
                connection.setAutoCommit(true);
            } catch (SQLException e) {
                LOG.warnf("the catalog write lock was not released cleanly (%s); closing its connection releases it",
                        e.getMessage());
            }
        }
    }

    /**
     * Waits at most {@code changeset.pipeline.write-lock-wait} for the lock.
     *
     * @throws Busy when another execution held it all that time
     */
    Held acquire(String changesetId) {
        long start = System.nanoTime();
        try {
            if (!turn.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new Busy(wait);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PersistenceException("interrupted (the process is stopping) while waiting for the catalog"
                    + " write lock; nothing was written", e);
        }
        try {
            // one deadline for both waits: the turn in this process, then the row lock among replicas
            Duration left = wait.minusNanos(System.nanoTime() - start);
            if (left.toMillis() < 1) {
                throw new Busy(wait);
            }
            return acquireRow(changesetId, left);
        } catch (RuntimeException e) {
            turn.release();
            throw e;
        }
    }

    private Held acquireRow(String changesetId, Duration left) {
        Connection c = null;
        try {
            c = db.getConnection();
            c.setAutoCommit(false);
            boolean h2 = boundLockWait(c, left);
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT name FROM catalog_write_lock WHERE name = ? FOR UPDATE")) {
                s.setString(1, CATALOG);
                try (ResultSet r = s.executeQuery()) {
                    if (!r.next()) {
                        throw new PersistenceException("the catalog write lock row is missing (migration V1_1)", null);
                    }
                }
            }
            LOG.debugf("changeset %s holds the catalog write lock", changesetId);
            return new Held(c, h2);
        } catch (SQLException e) {
            close(c);
            if ("55P03".equals(e.getSQLState()) || e.getErrorCode() == 50200) { // PostgreSQL, H2: lock wait timed out
                throw new Busy(wait);
            }
            throw new PersistenceException("the catalog write lock could not be taken", e);
        } catch (RuntimeException e) {
            close(c);
            throw e;
        }
    }

    /** Every wait has a deadline. Returns true on H2, whose setting outlives the transaction. */
    private boolean boundLockWait(Connection c, Duration left) throws SQLException {
        String product = c.getMetaData().getDatabaseProductName();
        try (Statement s = c.createStatement()) {
            if ("PostgreSQL".equalsIgnoreCase(product)) {
                s.execute("SET LOCAL lock_timeout = '" + left.toMillis() + "ms'");
                return false;
            }
            if ("H2".equalsIgnoreCase(product)) {
                s.execute("SET LOCK_TIMEOUT " + left.toMillis());
                return true;
            }
        }
        return false;
    }

    private static void close(Connection c) {
        if (c == null) {
            return;
        }
        try (c) {
            c.rollback();
            if ("H2".equalsIgnoreCase(c.getMetaData().getDatabaseProductName())) {
                try (Statement s = c.createStatement()) { // a session setting: not back to the pool with our wait
                    s.execute("SET LOCK_TIMEOUT " + H2_DEFAULT_LOCK_TIMEOUT_MILLIS);
                }
            }
            c.setAutoCommit(true);
        } catch (SQLException e) {
            LOG.debugf("closing a connection after a failed lock attempt: %s", e.getMessage());
        }
    }
}
