package dev.changeset.audit;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import dev.changeset.audit.Receipt.Approval;
import dev.changeset.audit.Receipt.Delegation;
import dev.changeset.audit.Receipt.Operation;
import dev.changeset.audit.Receipt.Verification;

/**
 * What the pipeline knows about a finished changeset: everything in a {@link Receipt} except what the log assigns
 * when it seals it (receipt id, sequence, sealing time, previous hash, hash). Build it with {@link #builder}. Times
 * are kept to the millisecond.
 */
public record ReceiptDraft(String changesetId, String changesetCode, Outcome outcome, String subject, String client,
        Instant createdAt, Instant decidedAt, Instant executedAt, List<Operation> operations, Approval approval,
        List<Delegation> delegation, Verification verification, List<String> notes, String reverts) {

    public ReceiptDraft {
        require(changesetId, "changesetId");
        require(changesetCode, "changesetCode");
        Objects.requireNonNull(outcome, "outcome");
        require(subject, "subject");
        Objects.requireNonNull(createdAt, "createdAt");
        createdAt = millis(createdAt);
        decidedAt = millis(decidedAt);
        executedAt = millis(executedAt);
        operations = operations == null ? List.of() : List.copyOf(operations);
        delegation = delegation == null ? List.of() : List.copyOf(delegation);
        notes = notes == null ? List.of() : List.copyOf(notes);
    }

    public static Builder builder(String changesetId, String changesetCode, Outcome outcome, String subject,
            Instant createdAt) {
        return new Builder(changesetId, changesetCode, outcome, subject, createdAt);
    }

    /** The receipt this draft becomes at {@code sequence}, sealed at {@code sealedAt}, before it is hashed. */
    Receipt seal(String receiptId, long sequence, Instant sealedAt, String previousHash) {
        return new Receipt(Receipt.VERSION, receiptId, sequence, changesetId, changesetCode, outcome, subject, client,
                new Receipt.Timestamps(createdAt, decidedAt, executedAt, millis(sealedAt)), operations, approval,
                delegation, verification, notes, reverts, previousHash, null);
    }

    static Instant millis(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MILLIS);
    }

    private static void require(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("a receipt needs a " + name);
        }
    }

    /** Fills a draft step by step, as the pipeline learns each part. */
    public static final class Builder {
        private final String changesetId;
        private final String changesetCode;
        private final Outcome outcome;
        private final String subject;
        private final Instant createdAt;
        private String client;
        private Instant decidedAt;
        private Instant executedAt;
        private final List<Operation> operations = new ArrayList<>();
        private Approval approval;
        private final List<Delegation> delegation = new ArrayList<>();
        private Verification verification;
        private final List<String> notes = new ArrayList<>();
        private String reverts;

        private Builder(String changesetId, String changesetCode, Outcome outcome, String subject, Instant createdAt) {
            this.changesetId = changesetId;
            this.changesetCode = changesetCode;
            this.outcome = outcome;
            this.subject = subject;
            this.createdAt = createdAt;
        }

        public Builder client(String value) {
            this.client = value;
            return this;
        }

        public Builder decidedAt(Instant value) {
            this.decidedAt = value;
            return this;
        }

        public Builder executedAt(Instant value) {
            this.executedAt = value;
            return this;
        }

        public Builder operation(Operation value) {
            operations.add(value);
            return this;
        }

        public Builder approval(Approval value) {
            this.approval = value;
            return this;
        }

        public Builder delegation(Delegation value) {
            delegation.add(value);
            return this;
        }

        public Builder verification(Verification value) {
            this.verification = value;
            return this;
        }

        public Builder note(String value) {
            notes.add(value);
            return this;
        }

        /** On a revert's receipt: the id of the receipt it reverts (null: not a revert). */
        public Builder reverts(String receiptId) {
            this.reverts = receiptId;
            return this;
        }

        public ReceiptDraft build() {
            return new ReceiptDraft(changesetId, changesetCode, outcome, subject, client, createdAt, decidedAt,
                    executedAt, operations, approval, delegation, verification, notes, reverts);
        }
    }
}
