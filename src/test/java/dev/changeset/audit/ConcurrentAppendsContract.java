package dev.changeset.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.changeset.support.ReceiptDrafts;

import dev.changeset.audit.ReceiptLog.ChainHead;

/** 50 appends at once must make 50 receipts in one linear chain that verifies; run on H2 and on PostgreSQL. */
abstract class ConcurrentAppendsContract {

    @Inject
    ReceiptLog log;
    @Inject
    ChainVerifier verifier;

    @Test
    void fifty_concurrent_appends_make_one_linear_chain() throws Exception {
        ChainHead before = log.head();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<StoredReceipt>> futures = new ArrayList<>();
        try {
            for (int i = 0; i < 50; i++) {
                String sku = "SKU-C" + (i % 7);
                futures.add(pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    return log.append(ReceiptDrafts.sealed("auth0|alice", sku, "10.00", "11.50"));
                }));
            }
            start.countDown();
            List<Receipt> appended = new ArrayList<>();
            for (Future<StoredReceipt> f : futures) {
                appended.add(f.get(60, TimeUnit.SECONDS).receipt());
            }
            appended.sort(Comparator.comparingLong(Receipt::sequence));

            assertEquals(50, appended.size());
            String previous = before.hash();
            for (int i = 0; i < appended.size(); i++) {
                Receipt r = appended.get(i);
                assertEquals(before.sequence() + 1 + i, r.sequence(), "sequences follow one another");
                assertEquals(previous, r.previousHash(), "receipt " + r.sequence() + " links to the one before");
                previous = r.hash();
            }
            assertEquals(new ChainHead(before.sequence() + 50, previous), log.head());
            ChainReport report = verifier.verify(Optional.of(before.hash()));
            assertTrue(report.intact(), report.summary());
            assertEquals(before.sequence() + 50, report.lastSequence());
        } finally {
            pool.shutdownNow();
        }
    }
}
