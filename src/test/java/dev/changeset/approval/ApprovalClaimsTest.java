package dev.changeset.approval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Phaser;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.ds.PGSimpleDataSource;

import dev.changeset.approval.ApprovalRequest.Role;
import dev.changeset.approval.ApprovalRequest.Status;
import dev.changeset.support.PostgresProfile;

/**
 * Replicas share the pending approval rows: two pollers claiming at once never get the same row, a claim holds
 * until its lease ends (then a live replica takes over a dead one's rows), and decided rows are never claimed.
 * On PostgreSQL ({@code FOR UPDATE SKIP LOCKED}, when {@code CHANGESET_TEST_PG_URL} is set) and on H2.
 */
class ApprovalClaimsTest {

    static final int ROWS = 300;
    static final Duration LEASE = Duration.ofSeconds(30);

    @ParameterizedTest
    @ValueSource(strings = { "h2", "postgresql" })
    void two_replicas_never_claim_the_same_row(String database) throws Exception {
        ApprovalRequestStore store = store(database);
        Instant now = Instant.now();
        List<String> ids = insertDue(store, ROWS, now);

        Phaser together = new Phaser(2);
        ExecutorService replicas = Executors.newFixedThreadPool(2);
        try {
            AtomicInteger total = new AtomicInteger();
            CompletableFuture<Set<String>> a = CompletableFuture.supplyAsync(() -> drain(store, "replica-a", now,
                    together, total), replicas);
            CompletableFuture<Set<String>> b = CompletableFuture.supplyAsync(() -> drain(store, "replica-b", now,
                    together, total), replicas);
            Set<String> byA = a.get();
            Set<String> byB = b.get();
            Set<String> both = new HashSet<>(byA);
            both.retainAll(byB);
            assertTrue(both.isEmpty(), both.size() + " rows were claimed by both replicas");
            Set<String> all = new HashSet<>(byA);
            all.addAll(byB);
            assertEquals(ids.size(), all.size(), "every due row was claimed once");
            assertTrue(all.containsAll(ids));
            assertTrue(!byA.isEmpty() && !byB.isEmpty(), "both replicas took part: " + byA.size() + "/" + byB.size());
        } finally {
            replicas.shutdown();
        }
        assertTrue(store.claimDue("replica-c", now.plusSeconds(1), LEASE, ROWS).isEmpty(),
                "claimed rows stay claimed until their lease ends");
    }

    @ParameterizedTest
    @ValueSource(strings = { "h2", "postgresql" })
    void a_dead_replicas_rows_return_after_the_lease_and_decided_rows_never_do(String database) throws Exception {
        ApprovalRequestStore store = store(database);
        Instant now = Instant.now();
        List<String> ids = insertDue(store, 3, now);
        assertEquals(3, store.claimDue("dies", now, LEASE, 10).size());
        store.decide(ids.get(0), Status.APPROVED, "approved");
        store.reschedule(ids.get(1), Duration.ofSeconds(5), now.plusSeconds(5)); // polled: claim released

        List<ApprovalRequestStore.Claimed> later = store.claimDue("lives", now.plus(LEASE).plusSeconds(1), LEASE, 10);
        assertEquals(Set.of(ids.get(1), ids.get(2)), Set.copyOf(later.stream().map(c -> c.request().id()).toList()),
                "the rescheduled row and the dead replica's claim; never the decided one");
        assertTrue(later.stream().allMatch(c -> c.authReqId().reveal().startsWith("secret-")),
                "the claimer gets the opened auth_req_id");
    }

    /**
     * Claims batches of 7 until the two replicas together hold every row (or 20 s pass). The replicas claim in
     * rounds, both released at once: left free, one thread could drain an in-memory H2 table before the other was
     * even scheduled (it did, in CI), and "never the same row" would then have been shown by one replica alone.
     */
    private static Set<String> drain(ApprovalRequestStore store, String owner, Instant now, Phaser together,
            AtomicInteger total) {
        Set<String> mine = new HashSet<>();
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        together.arriveAndAwaitAdvance();
        try {
            while (total.get() < ROWS && System.nanoTime() < end) {
                List<ApprovalRequestStore.Claimed> claimed = store.claimDue(owner, now, LEASE, 7);
                claimed.forEach(c -> assertTrue(mine.add(c.request().id()), owner + " claimed a row twice"));
                total.addAndGet(claimed.size());
                together.arriveAndAwaitAdvance(); // the next round starts when both have claimed
            }
        } finally {
            together.arriveAndDeregister(); // the other replica no longer waits for this one
        }
        return mine;
    }

    private static List<String> insertDue(ApprovalRequestStore store, int count, Instant now) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = UUID.randomUUID().toString();
            Instant created = now.minusSeconds(10);
            store.insert(new ApprovalRequest(id, "cs-" + i, "auth0|alice", Role.REQUESTER, Status.PENDING,
                    "sha256:" + i, "sha256:ops", Duration.ofSeconds(5), now.minusSeconds(1).minusMillis(i),
                    created.plusSeconds(300),
                    created.plusSeconds(320), 0, created, null, null, ApprovalRequest.Purpose.CHANGESET),
                    AuthReqId.of("secret-" + id));
            ids.add(id);
        }
        return ids;
    }

    private static ApprovalRequestStore store(String database) {
        DataSource db;
        if (database.equals("h2")) {
            JdbcDataSource h2 = new JdbcDataSource();
            h2.setURL("jdbc:h2:mem:claims-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
            db = h2;
        } else {
            String url = System.getenv(PostgresProfile.URL_ENV);
            Assumptions.assumeTrue(url != null && !url.isBlank(), "no PostgreSQL: set " + PostgresProfile.URL_ENV);
            PGSimpleDataSource pg = new PGSimpleDataSource();
            pg.setURL(url);
            pg.setUser(System.getenv().getOrDefault(PostgresProfile.USER_ENV, "changeset"));
            pg.setPassword(System.getenv().getOrDefault(PostgresProfile.PASSWORD_ENV, ""));
            db = pg;
        }
        Flyway.configure().dataSource(db).locations("classpath:db/migration").cleanDisabled(false).load().clean();
        Flyway.configure().dataSource(db).locations("classpath:db/migration").load().migrate();
        return new ApprovalRequestStore(db, TestConfigs.approvalDefaults(Map.of()));
    }
}
