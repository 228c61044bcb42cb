package dev.changeset.support;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.changeset.audit.Outcome;
import dev.changeset.audit.Receipt;
import dev.changeset.audit.ReceiptDraft;

/** Receipt drafts for tests (the pipeline's stand-in), each for a changeset of its own. */
public final class ReceiptDrafts {

    private ReceiptDrafts() {
    }

    /** A sealed (executed and verified) changeset of {@code subject} changing {@code sku}'s price. */
    public static ReceiptDraft sealed(String subject, String sku, String before, String after) {
        Instant created = Instant.now().minusSeconds(30);
        return ReceiptDraft.builder("cs-" + UUID.randomUUID(), code(), Outcome.SEALED, subject, created)
                .client("sandbox-assistant")
                .decidedAt(created.plusSeconds(10))
                .executedAt(created.plusSeconds(12))
                .operation(new Receipt.Operation(sku, List.of(new Receipt.FieldChange("price", before, after)), "T2",
                        List.of("price-move-over-10-percent"), "price move over 10%", List.of(), true))
                .approval(Receipt.Approval.of("req-" + UUID.randomUUID(), "APPROVED",
                        List.of(new Receipt.Approver(subject, "APPROVED")), created.plusSeconds(1),
                        created.plusSeconds(10)))
                .delegation(new Receipt.Delegation(Receipt.Role.READER,
                        List.of("https://www.googleapis.com/auth/spreadsheets.readonly"), "tx-r", "caller", 31L,
                        List.of(new Receipt.ApiCall("spreadsheets.values.batchGet", 2, 120L))))
                .delegation(new Receipt.Delegation(Receipt.Role.WRITER,
                        List.of("https://www.googleapis.com/auth/spreadsheets"), "tx-w", "ciba-approval", 29L,
                        List.of(new Receipt.ApiCall("spreadsheets.values.batchUpdate", 1, 90L))))
                .verification(new Receipt.Verification(true, List.of()))
                .build();
    }

    /** A changeset of {@code subject} that ended with {@code outcome} before anything was written. */
    public static ReceiptDraft ended(String subject, Outcome outcome, String sku) {
        return ReceiptDraft.builder("cs-" + UUID.randomUUID(), code(), outcome, subject, Instant.now())
                .operation(new Receipt.Operation(sku, List.of(new Receipt.FieldChange("stock", "10", "0")), "T2",
                        List.of("stock-zeroed"), "stock set to zero", List.of("session over 60 minutes"), null))
                .note(outcome + " before the write")
                .build();
    }

    private static String code() {
        return "CS-" + UUID.randomUUID().toString().substring(0, 4).toUpperCase();
    }
}
