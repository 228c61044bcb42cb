package dev.changeset.audit;

import dev.changeset.text.Sha256;
import java.time.Instant;
import java.util.List;

/**
 * One sealed execution receipt, format {@value #VERSION}. Its {@link #hash()} is the SHA-256 (hex) of the RFC 8785
 * canonical JSON of every other field, {@link #previousHash()} included, so each receipt seals the one before it.
 * The canonical bytes are stored as they were hashed; the verifier recomputes from them (see {@link ChainVerifier}).
 * The pipeline fills a {@link ReceiptDraft}; {@link ReceiptLog#append} assigns id, sequence, sealing time,
 * previous hash and hash.
 * <p>
 * Left out on purpose, everywhere in the receipt:
 * <ul>
 * <li>tokens of any kind (the caller's Auth0 token, Google tokens, the CIBA access token): secrets; a role's
 * exchange is named by its {@code tokenExchangeId} only;</li>
 * <li>the CIBA {@code auth_req_id} in clear: a live polling handle while pending; only its SHA-256
 * ({@link Approval#requestHash()}) is kept, enough to match it against Auth0's logs;</li>
 * <li>user-state signal values (stress, state): ephemeral by design; only the escalation reason they caused is kept
 * ({@link Operation#escalationReasons()});</li>
 * <li>the user's email address and name: personal data; {@link #subject()} identifies the user;</li>
 * <li>the MCP session id: a routing handle, not an actor.</li>
 * </ul>
 * Absent optional parts (no approval for T0/T1, no verification when nothing was written, no {@code reverts} but on a
 * revert's receipt) are omitted from the JSON, not written as {@code null}.
 * <p>
 * Versions: {@code receipt/v2} added {@link #reverts()}; nothing else changed. A {@code receipt/v1} receipt reads as a
 * v2 receipt without it, and it verifies as before, because the verifier hashes the bytes stored when it was sealed,
 * which never change (a v1 receipt is never rewritten as v2). Since an absent field is omitted, a v2 receipt without
 * {@code reverts} differs from its v1 form only in {@code version}.
 *
 * @param version {@value #VERSION} for receipts sealed now; {@code receipt/v1} for those sealed before reverts
 * @param receiptId unique id (a UUID)
 * @param sequence position in the one chain, from 1, without gaps
 * @param changesetId the changeset this receipt closes
 * @param changesetCode the short code the user saw and approved, e.g. {@code CS-7F3K}
 * @param outcome the changeset's terminal state
 * @param subject the user on whose behalf the assistant acted (Auth0 {@code sub})
 * @param client the orchestrating client: the token's {@code azp}, else its {@code client_id}
 * @param timestamps when the changeset was created, decided, executed, and when this receipt was sealed
 * @param operations every operation of the changeset, executed or not
 * @param approval the approval, when the tier needed one
 * @param delegation per role, the Google authority used and the calls made with it
 * @param verification the read-back after the write, when something was written
 * @param notes what went wrong, in words (failures, refusals); never a token or a raw error body
 * @param reverts on a revert's receipt only: the id of the receipt whose writes it set back (or tried to). The reverted
 *        receipt itself never changes; who reverted it is a lookup of the receipts naming it here
 * @param previousHash the hash of the receipt before this one; {@link #GENESIS} for the first
 * @param hash SHA-256 (hex) of the canonical JSON of everything above; null before sealing
 */
public record Receipt(String version, String receiptId, long sequence, String changesetId, String changesetCode,
        Outcome outcome, String subject, String client, Timestamps timestamps, List<Operation> operations,
        Approval approval, List<Delegation> delegation, Verification verification, List<String> notes,
        String reverts, String previousHash, String hash) {

    public static final String VERSION = "receipt/v2";
    /** The previous hash of the first receipt in the chain. */
    public static final String GENESIS = "0".repeat(64);

    /** The same receipt with its hash set. */
    Receipt withHash(String newHash) {
        return new Receipt(version, receiptId, sequence, changesetId, changesetCode, outcome, subject, client,
                timestamps, operations, approval, delegation, verification, notes, reverts, previousHash, newHash);
    }

    /** The SKUs this receipt's operations touch, in order, without repeats. */
    public List<String> skus() {
        return operations.stream().map(Operation::sku).distinct().toList();
    }

    /**
     * @param created when the changeset was previewed
     * @param decided when the approval (or the automatic tier decision) was made
     * @param executed when the write finished
     * @param sealed when this receipt was appended to the chain
     */
    public record Timestamps(Instant created, Instant decided, Instant executed, Instant sealed) {
    }

    /**
     * One operation of the changeset.
     *
     * @param sku the product row it targets
     * @param changes each cell: field, value before (as previewed), value after (as requested)
     * @param tier the policy tier, {@code T0}..{@code T3}
     * @param rulesFired names of the policy rules that fired
     * @param reason the policy's explanation of the tier
     * @param escalationReasons why the tier was raised (bulk, user-state signal), without the signal values
     * @param verified whether the read-back matched; absent when it was never written
     */
    public record Operation(String sku, List<FieldChange> changes, String tier, List<String> rulesFired,
            String reason, List<String> escalationReasons, Boolean verified) {
        public Operation {
            changes = List.copyOf(changes);
            rulesFired = rulesFired == null ? List.of() : List.copyOf(rulesFired);
            escalationReasons = escalationReasons == null ? List.of() : List.copyOf(escalationReasons);
        }
    }

    /** One cell: its column name, the previewed value and the requested value, as the sheet shows them. */
    public record FieldChange(String field, String before, String after) {
    }

    /**
     * The approval of a changeset whose tier needed one.
     *
     * @param requestHash SHA-256 (hex) of the CIBA {@code auth_req_id}; the id itself is left out (see above)
     * @param outcome {@code APPROVED}, {@code DENIED}, {@code EXPIRED} or {@code CANCELLED}
     * @param approvers who was asked and what each answered
     * @param requestedAt when the push was requested
     * @param decidedAt when the last answer (or the deadline) came
     * @param durationMillis decidedAt minus requestedAt
     */
    public record Approval(String requestHash, String outcome, List<Approver> approvers, Instant requestedAt,
            Instant decidedAt, Long durationMillis) {
        public Approval {
            approvers = List.copyOf(approvers);
        }

        /** An approval whose request id is hashed here, so the clear id cannot reach the receipt. */
        public static Approval of(String authReqId, String outcome, List<Approver> approvers, Instant requestedAt,
                Instant decidedAt) {
            Instant requested = ReceiptDraft.millis(requestedAt);
            Instant decided = ReceiptDraft.millis(decidedAt);
            Long duration = requested != null && decided != null ? decided.toEpochMilli() - requested.toEpochMilli()
                    : null;
            return new Approval(Sha256.hex(authReqId), outcome, approvers, requested, decided, duration);
        }
    }

    /** One approver: Auth0 subject and answer ({@code APPROVED}, {@code DENIED}, {@code NO_ANSWER}). */
    public record Approver(String subject, String outcome) {
    }

    /** The roles that act with Google authority on the user's behalf. */
    public enum Role {
        READER, WRITER, NOTIFIER
    }

    /**
     * One role's use of delegated authority.
     *
     * @param role the role
     * @param googleScopes the Google scopes the exchanged token held, as Token Vault reported them; for an exchange the
     *        execution did not use again (the preview's, or any of a changeset that never ran), the scope the role
     *        was checked for (which the token held itself or through a broader scope)
     * @param tokenExchangeId an id for the Token Vault exchange (not the token)
     * @param subjectTokenSource whose Auth0 token was exchanged: {@code caller} or {@code ciba-approval}
     * @param exchangeMillis how long the exchange took
     * @param calls the Google API calls made with it
     */
    public record Delegation(Role role, List<String> googleScopes, String tokenExchangeId,
            String subjectTokenSource, Long exchangeMillis, List<ApiCall> calls) {
        public Delegation {
            googleScopes = List.copyOf(googleScopes);
            calls = calls == null ? List.of() : List.copyOf(calls);
        }
    }

    /** Calls of one API method: e.g. {@code spreadsheets.values.batchUpdate}, how many, total time. */
    public record ApiCall(String method, int count, Long durationMillis) {
    }

    /** The read-back: ok, or the cells that did not hold the written value. */
    public record Verification(boolean ok, List<Mismatch> mismatches) {
        public Verification {
            mismatches = mismatches == null ? List.of() : List.copyOf(mismatches);
        }
    }

    /** A cell that read back differently from what was written. */
    public record Mismatch(String sku, String field, String expected, String actual) {
    }
}
