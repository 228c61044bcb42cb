package dev.changeset.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.changeset.audit.ReceiptLog.ReceiptPage;
import dev.changeset.audit.ReceiptLog.ReceiptQuery;
import dev.changeset.audit.ReceiptLog.Summary;
import dev.changeset.support.ReceiptDrafts;
import dev.changeset.support.SandboxResource;
import dev.changeset.text.Sha256;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Appending, reading and listing receipts on the default H2 database. */
@QuarkusTest
@WithTestResource(SandboxResource.class)
class ReceiptLogTest {

    @Inject
    ReceiptLog log;
    @Inject
    ChainVerifier verifier;

    @Test
    void an_appended_receipt_is_sealed_chained_and_stored_exactly_as_hashed() throws Exception {
        ReceiptLog.ChainHead before = log.head();
        StoredReceipt stored = log.append(ReceiptDrafts.sealed("auth0|alice", "SKU-L1", "19.99", "24.99"));
        Receipt r = stored.receipt();

        assertEquals(Receipt.VERSION, r.version());
        assertEquals(before.sequence() + 1, r.sequence());
        assertEquals(before.hash(), r.previousHash());
        assertEquals(new ReceiptLog.ChainHead(r.sequence(), r.hash()), log.head());
        StoredReceipt read = log.find(r.receiptId()).orElseThrow();
        assertEquals(stored, read);
        // An independent recomputation: a second canonicalizer over the stored bytes gives the same bytes and hash.
        assertEquals(read.canonicalJson(), IndependentCanonicalizer.canonicalize(read.canonicalJson()));
        assertEquals(r.hash(), Sha256.hex(IndependentCanonicalizer.canonicalize(read.canonicalJson())));
        assertFalse(read.canonicalJson().contains("\"hash\""));
        assertFalse(read.canonicalJson().contains("req-"), "the clear auth_req_id is never stored");
    }

    @Test
    void a_changeset_gets_one_receipt_only() {
        ReceiptDraft draft = ReceiptDrafts.ended("auth0|alice", Outcome.DENIED, "SKU-L2");
        String first = log.append(draft).receipt().receiptId();
        ReceiptConflictException twice = assertThrows(ReceiptConflictException.class, () -> log.append(draft));
        assertEquals(first, twice.existingReceiptId());
        assertTrue(verifier.verify(Optional.empty()).intact());
    }

    @Test
    void a_draft_without_its_essentials_is_refused_before_anything_is_stored() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ReceiptDraft.builder("cs-x", " ", Outcome.FAILED, "auth0|alice", Instant.now()).build());
        assertEquals("a receipt needs a changesetCode", e.getMessage());
    }

    @Test
    void receipts_list_by_state_subject_sku_date_and_page() {
        Instant start = Instant.now().minusMillis(5);
        String sku = "SKU-LIST-" + System.nanoTime();
        Receipt a = log.append(ReceiptDrafts.sealed("auth0|carol", sku, "1.00", "1.20")).receipt();
        Receipt b = log.append(ReceiptDrafts.ended("auth0|carol", Outcome.EXPIRED, sku)).receipt();
        Receipt c = log.append(ReceiptDrafts.ended("auth0|carol", Outcome.STALE, sku)).receipt();
        log.append(ReceiptDrafts.ended("auth0|dave", Outcome.STALE, sku));

        ReceiptPage carols = log.list(query(Optional.empty(), Optional.of("auth0|carol"), Optional.of(sku),
                Optional.of(start), Optional.empty(), 10));
        assertEquals(List.of(c.receiptId(), b.receiptId(), a.receiptId()),
                carols.receipts().stream().map(Summary::receiptId).toList());
        assertEquals(List.of(sku), carols.receipts().get(0).skus());
        assertNull(carols.nextBefore());

        ReceiptPage first = log.list(query(Optional.empty(), Optional.of("auth0|carol"), Optional.of(sku),
                Optional.empty(), Optional.empty(), 2));
        assertEquals(2, first.receipts().size());
        assertEquals(b.sequence(), first.nextBefore());
        ReceiptPage second = log.list(new ReceiptQuery(Optional.empty(), Optional.of("auth0|carol"),
                Optional.empty(), Optional.of(sku), Optional.empty(), Optional.empty(),
                Optional.of(first.nextBefore()), 2));
        assertEquals(List.of(a.receiptId()), second.receipts().stream().map(Summary::receiptId).toList());

        ReceiptPage stale = log.list(query(Optional.of(Outcome.STALE), Optional.empty(), Optional.of(sku),
                Optional.empty(), Optional.empty(), 10));
        assertEquals(2, stale.receipts().size());
        ReceiptPage none = log.list(query(Optional.empty(), Optional.empty(), Optional.of(sku), Optional.empty(),
                Optional.of(start), 10));
        assertTrue(none.receipts().isEmpty(), "'to' is exclusive and everything was sealed after it");
    }

    private static ReceiptQuery query(Optional<Outcome> outcome, Optional<String> subject, Optional<String> sku,
            Optional<Instant> from, Optional<Instant> to, int limit) {
        return new ReceiptQuery(outcome, subject, Optional.empty(), sku, from, to, Optional.empty(), limit);
    }
}
