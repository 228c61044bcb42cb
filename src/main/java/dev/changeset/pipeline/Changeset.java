package dev.changeset.pipeline;

import java.time.Instant;
import java.util.List;

import dev.changeset.policy.Tier;

/**
 * A persisted changeset: who proposed it through which client, its operations as previewed, the approval it
 * needs, where it stands. {@code version} guards every state change (compare and set).
 *
 * @param revertsReceiptId for a revert, the sealed receipt whose writes it sets back; null for any other changeset
 */
public record Changeset(String id, String code, String subject, String clientId, String callerEmail,
        ChangesetState state, String note, Tier maxTier, ApprovalNeed approval, String operationsHash,
        String previewExchangeId,
        List<PlannedOperation> operations, Instant createdAt, Instant updatedAt, Instant previewExpiresAt,
        Instant approvalDeadline, String detail, String receiptId, int version, String revertsReceiptId) {

    public int writeCount() {
        return operations.size();
    }
}
