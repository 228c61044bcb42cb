package dev.changeset.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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
                Tier.T2, ApprovalNeed.ONE_TAP, "sha256:abc", "exchange-1", List.of(op, promo), Instant.now().plusSeconds(600));
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

    @Test
    void a_move_the_state_machine_forbids_is_refused_before_the_database() {
        Changeset c = store.insert(sample());
        assertThrows(IllegalStateException.class, () -> store.move(c.id(), ChangesetState.PREVIEWED,
                ChangesetState.SEALED, null, null, null));
        assertTrue(store.move(c.id(), ChangesetState.AWAITING_APPROVAL, ChangesetState.APPROVED, null, null, null)
                .isEmpty(), "not in AWAITING_APPROVAL: nothing moves");
    }
}
