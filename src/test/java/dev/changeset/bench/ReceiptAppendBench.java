package dev.changeset.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.changeset.audit.ChainVerifier;
import dev.changeset.audit.ReceiptLog;
import dev.changeset.audit.StoredReceipt;
import dev.changeset.support.PostgresProfile;
import dev.changeset.support.ReceiptDrafts;
import dev.changeset.support.RequiresPostgres;
import dev.changeset.support.SandboxResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Receipts appended per second on PostgreSQL, one writer and eight at once, beside a baseline: a plain INSERT of
 * the same canonical JSON into an unchained table, one transaction each, no lock, no hashing. The ratio is what the
 * chain (head row lock, canonicalization, SHA-256, SKU rows) costs. Prints figures; asserts only that the chain
 * still verifies. Run: {@code ./mvnw verify -Pbench -Dtest=ReceiptAppendBench} with CHANGESET_TEST_PG_* set.
 */
@QuarkusTest
@TestProfile(PostgresProfile.class)
@RequiresPostgres
@WithTestResource(SandboxResource.class)
class ReceiptAppendBench {

    private static final int SINGLE = 1000;
    private static final int WRITERS = 8;
    private static final int PER_WRITER = 250;

    @Inject
    ReceiptLog log;
    @Inject
    ChainVerifier verifier;
    @Inject
    AgroalDataSource dataSource;

    @Test
    void receipts_appended_per_second() throws Exception {
        String json = log.append(ReceiptDrafts.sealed("auth0|alice", "SKU-B", "1.00", "1.10")).canonicalJson();
        execute("CREATE TABLE IF NOT EXISTS bench_plain_insert (id VARCHAR(64) PRIMARY KEY, body VARCHAR(1000000))");
        try {
            run(200, 1, () -> log.append(ReceiptDrafts.sealed("auth0|alice", "SKU-B", "1.00", "1.10"))); // warm-up
            run(200, 1, () -> plainInsert(json));

            double chainOne = run(SINGLE, 1, () -> log.append(ReceiptDrafts.sealed("auth0|alice", "SKU-B", "1.00",
                    "1.10")));
            double plainOne = run(SINGLE, 1, () -> plainInsert(json));
            double chainMany = run(PER_WRITER, WRITERS, () -> log.append(ReceiptDrafts.sealed("auth0|alice", "SKU-B",
                    "1.00", "1.10")));
            double plainMany = run(PER_WRITER, WRITERS, () -> plainInsert(json));

            System.out.printf("%n==== Receipt appends on PostgreSQL (receipt JSON %d bytes) ====%n", json.length());
            System.out.printf("1 writer : %8.1f receipts/s   baseline plain INSERT %8.1f rows/s   ratio %.2f%n",
                    chainOne, plainOne, chainOne / plainOne);
            System.out.printf("%d writers: %8.1f receipts/s   baseline plain INSERT %8.1f rows/s   ratio %.2f%n",
                    WRITERS, chainMany, plainMany, chainMany / plainMany);
            System.out.println("=================================================================");
            assertTrue(verifier.verify(Optional.empty()).intact(), "the chain verifies after the run");
        } finally {
            execute("DROP TABLE bench_plain_insert");
        }
    }

    /** Runs {@code perWriter} calls on each of {@code writers} threads; returns calls per second overall. */
    private static double run(int perWriter, int writers, Call call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            long start = System.nanoTime();
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < perWriter; i++) {
                        call.run();
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(10, TimeUnit.MINUTES);
            }
            return perWriter * writers / ((System.nanoTime() - start) / 1e9);
        } finally {
            pool.shutdownNow();
        }
    }

    private interface Call {
        Object run() throws Exception;
    }

    private StoredReceipt plainInsert(String json) throws Exception {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("INSERT INTO bench_plain_insert (id, body) VALUES (?, ?)")) {
            s.setString(1, UUID.randomUUID().toString());
            s.setString(2, json);
            s.executeUpdate();
        }
        return null;
    }

    private void execute(String sql) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
