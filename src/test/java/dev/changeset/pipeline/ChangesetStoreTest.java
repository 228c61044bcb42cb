package dev.changeset.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.changeset.policy.Tier;
import dev.changeset.support.SandboxResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(SandboxResource.class)
class ChangesetStoreTest {

    @Inject
    ChangesetStore store;

    static ChangesetStore.NewChangeset sample() {
        PlannedOperation op = new PlannedOperation(0, "set_price", "SKU-1", "Kettle", 17, "'Products'!A17",
                List.of(new CellChange("price", "'Products'!D17", new BigDecimal("19.99"), new BigDecimal("21.50"))),
                new BigDecimal("7.55"), Tier.T1, List.of("write-at-least-t1"), "A small price move.", List.of(), null);
        PlannedOperation promo = new PlannedOperation(1, "set_promotion", "SKU-2", "Mug", 18, "'Products'!A18",
                List.of(new CellChange("promotion_active", "'Products'!F18", false, true),
                        new CellChange("promotion_percent", "'Products'!G18", 0L, new BigDecimal("15"))),
                null, Tier.T2, List.of("promotion-change-t2"), "Promotions need approval.", List.of(), null);
        return new ChangesetStore.NewChangeset("auth0|alice", "sandbox-assistant", "alice@example.com", "a note",
                Tier.T2, ApprovalNeed.ONE_TAP, "sha256:abc", "exchange-1", List.of(op, promo),
                Instant.now().plusSeconds(600), null);
    }

    @Test
    void a_changeset_round_trips_with_exact_values() {
        Changeset stored = store.insert(sample());
        assertTrue(stored.code().matches("CS-[0-9A-HJKMNP-TV-Z]{4}"), stored.code());
        Changeset byId = store.find(stored.id()).orElseThrow();
        Changeset byCode = store.find(stored.code()).orElseThrow();
        assertEquals(byId, byCode);
        assertEquals(ChangesetState.PREVIEWED, byId.state());
        assertEquals(sample().operations(), byId.operations());
        assertEquals(new BigDecimal("21.50"), byId.operations().get(0).cells().get(0).after());
        assertEquals(Boolean.TRUE, byId.operations().get(1).cells().get(0).after());
    }

    @Test
    void only_one_of_two_racing_moves_wins() throws Exception {
        Changeset c = store.insert(sample());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            Callable<Boolean> move = () -> store.move(c.id(), ChangesetState.PREVIEWED, ChangesetState.APPROVED,
                    null, null, null).isPresent();
            List<Future<Boolean>> results = pool.invokeAll(List.of(move, move, move, move, move, move, move, move));
            long winners = 0;
            for (Future<Boolean> f : results) {
                winners += f.get() ? 1 : 0;
            }
            assertEquals(1, winners);
        } finally {
            pool.shutdown();
        }
        Changeset moved = store.find(c.id()).orElseThrow();
        assertEquals(ChangesetState.APPROVED, moved.state());
        assertEquals(1, moved.version());
        assertEquals(Map.of(c.id(), ChangesetState.APPROVED), store.of(List.of(c.id())));
    }

    static ChangesetStore.NewChangeset revertOf(String receiptId) {
        ChangesetStore.NewChangeset n = sample();
        return new ChangesetStore.NewChangeset(n.subject(), n.clientId(), n.callerEmail(), n.note(), n.maxTier(),
                n.approval(), n.operationsHash(), n.previewExchangeId(), n.operations(), n.previewExpiresAt(),
                receiptId);
    }

    @Test
    void the_database_keeps_one_live_revert_per_receipt_however_many_race() throws Exception {
        String receiptId = "receipt-" + UUID.randomUUID();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<String>> results;
        try {
            Callable<String> insert = () -> {
                try {
                    return store.insert(ChangesetStore.newId(), revertOf(receiptId)).id();
                } catch (RevertTaken e) {
                    return "taken by " + e.holder().id();
                }
            };
            results = pool.invokeAll(List.of(insert, insert, insert, insert, insert, insert, insert, insert));
        } finally {
            pool.shutdown();
        }
        List<String> outcomes = new ArrayList<>();
        for (Future<String> f : results) {
            outcomes.add(f.get());
        }
        List<String> stored = outcomes.stream().filter(o -> !o.startsWith("taken by ")).toList();
        assertEquals(1, stored.size(), "exactly one revert is stored: " + outcomes);
        assertTrue(outcomes.stream().filter(o -> o.startsWith("taken by ")).allMatch(o -> o.endsWith(stored.get(0))),
                "the others are told who holds it: " + outcomes);
        assertEquals(stored.get(0), store.where("revert_hold = ?", receiptId).get(0).id());
        assertEquals(1, store.where("reverts_receipt_id = ?", receiptId).size());
    }

    @Test
    void a_revert_ending_without_writes_lets_go_of_its_receipt_and_one_that_wrote_keeps_it() {
        String receiptId = "receipt-" + UUID.randomUUID();
        Changeset first = store.insert(revertOf(receiptId));
        assertThrows(RevertTaken.class, () -> store.insert(revertOf(receiptId)));
        assertThrows(IllegalStateException.class, () -> store.move(first.id(), ChangesetState.PREVIEWED,
                ChangesetState.APPROVED, null, null, null, true), "only an ending lets go");
        store.move(first.id(), ChangesetState.PREVIEWED, ChangesetState.STALE, "cells changed", null, null, true)
                .orElseThrow();
        assertEquals(List.of(), store.where("revert_hold = ?", receiptId));

        Changeset second = store.insert(revertOf(receiptId));
        for (ChangesetState next : List.of(ChangesetState.APPROVED, ChangesetState.EXECUTING,
                ChangesetState.VERIFIED, ChangesetState.SEALED)) {
            second = store.move(second.id(), second.state(), next, null, null, null, false).orElseThrow();
        }
        assertEquals(second.id(), store.where("revert_hold = ?", receiptId).get(0).id(), "SEALED keeps it");
        assertThrows(RevertTaken.class, () -> store.insert(revertOf(receiptId)));
        assertEquals(2, store.where("reverts_receipt_id = ?", receiptId).size(), "both stay linked to it");
        for (int i = 0; i < 3; i++) {
            assertEquals(null, store.insert(sample()).revertsReceiptId(), "changesets that revert nothing never clash");
        }
    }

    @Test
    void a_move_the_state_machine_forbids_is_refused_before_the_database() {
        Changeset c = store.insert(sample());
        assertThrows(IllegalStateException.class, () -> store.move(c.id(), ChangesetState.PREVIEWED,
                ChangesetState.SEALED, null, null, null));
        assertTrue(store.move(c.id(), ChangesetState.AWAITING_APPROVAL, ChangesetState.APPROVED, null, null, null)
                .isEmpty(), "not in AWAITING_APPROVAL: nothing moves");
    }
}
