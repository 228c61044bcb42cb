package dev.changeset.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.changeset.audit.ReceiptLog.ReceiptQuery;
import dev.changeset.identity.AccessToken;
import dev.changeset.identity.Caller;
import dev.changeset.support.ReceiptDrafts;

/** The reading rule: own receipts, approved receipts, everything for auditors; lists are one's own. */
class ReceiptAccessTest {

    private final List<ReceiptQuery> queries = new ArrayList<>();
    private final Receipt alices = ReceiptDrafts.sealed("auth0|alice", "SKU-A", "1", "2")
            .seal("r-1", 1, Instant.now(), Receipt.GENESIS).withHash("1".repeat(64));

    private final ReceiptLog log = new ReceiptLog() {
        @Override
        public StoredReceipt append(ReceiptDraft draft) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<StoredReceipt> find(String receiptId) {
            return receiptId.equals("r-1") ? Optional.of(new StoredReceipt(alices, "{}")) : Optional.empty();
        }

        @Override
        public List<Summary> revertsOf(String receiptId) {
            // r-1 stands for the revert of "r-0" here
            return receiptId.equals("r-0") ? List.of(new Summary("r-1", 1, alices.changesetId(),
                    alices.changesetCode(), Outcome.SEALED, "auth0|alice", Instant.now(), List.of("SKU-A"),
                    alices.hash())) : List.of();
        }

        @Override
        public ReceiptPage list(ReceiptQuery query) {
            queries.add(query);
            return new ReceiptPage(List.of(), null);
        }

        @Override
        public ChainHead head() {
            return new ChainHead(0, Receipt.GENESIS);
        }
    };

    private final ReceiptAccess access = new ReceiptAccess(log, new AuditConfig() {
        @Override
        public Duration appendTimeout() {
            return Duration.ofSeconds(10);
        }

        @Override
        public Optional<List<String>> auditors() {
            return Optional.of(List.of("auth0|erin"));
        }

        @Override
        public int maxPage() {
            return 100;
        }
    });

    @Test
    void the_subject_and_auditors_read_a_receipt_others_do_not_see_it() {
        assertTrue(access.read(caller("auth0|alice"), "r-1").isPresent());
        assertTrue(access.read(caller("auth0|erin"), "r-1").isPresent());
        assertTrue(access.read(caller("auth0|bob"), "r-1").isEmpty());
        assertTrue(access.read(caller("auth0|alice"), "r-2").isEmpty());
    }

    @Test
    void only_the_owner_may_revert_a_receipt_even_where_others_may_read_it() {
        assertTrue(access.toRevert(caller("auth0|alice"), "r-1").isPresent());
        assertTrue(access.read(caller("auth0|erin"), "r-1").isPresent(), "the auditor reads it");
        assertTrue(access.toRevert(caller("auth0|erin"), "r-1").isEmpty(), "but does not revert it");
        assertTrue(access.toRevert(caller("auth0|bob"), "r-1").isEmpty());
        assertTrue(access.toRevert(caller("auth0|alice"), "r-2").isEmpty());
    }

    @Test
    void who_reverted_a_receipt_lists_only_the_reverts_the_caller_may_read() {
        assertEquals(List.of("r-1"), access.revertsOf(caller("auth0|alice"), "r-0").stream()
                .map(ReceiptLog.Summary::receiptId).toList());
        assertEquals(List.of(), access.revertsOf(caller("auth0|bob"), "r-0"), "bob may not read r-1: not listed");
        assertEquals(List.of(), access.revertsOf(caller("auth0|alice"), "r-1"));
    }

    @Test
    void lists_are_ones_own_unless_one_audits() {
        access.list(caller("auth0|alice"), filter(Optional.empty(), Optional.empty()));
        assertEquals(Optional.of("auth0|alice"), queries.get(0).subject());
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> access.list(caller("auth0|alice"), filter(Optional.of("auth0|bob"), Optional.empty())));
        assertTrue(refused.getMessage().contains("only your own receipts"), refused.getMessage());

        access.list(caller("auth0|erin"), filter(Optional.of("auth0|bob"), Optional.empty()));
        assertEquals(Optional.of("auth0|bob"), queries.get(1).subject());
        access.list(caller("auth0|erin"), filter(Optional.empty(), Optional.empty()));
        assertEquals(Optional.empty(), queries.get(2).subject(), "an auditor lists everyone's");

        assertThrows(IllegalArgumentException.class,
                () -> access.list(caller("auth0|alice"), filter(Optional.empty(), Optional.of(101))));
        assertEquals(20, queries.get(2).limit());
    }

    private static ReceiptAccess.Filter filter(Optional<String> user, Optional<Integer> limit) {
        return new ReceiptAccess.Filter(Optional.empty(), user, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), limit);
    }

    private static Caller caller(String subject) {
        return new Caller(subject, Optional.empty(), Optional.empty(), Set.of("changeset:read"),
                Instant.now().plusSeconds(60), new AccessToken("t"));
    }
}
