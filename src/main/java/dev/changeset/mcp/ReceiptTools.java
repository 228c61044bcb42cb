package dev.changeset.mcp;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import dev.changeset.audit.ChainReport;
import dev.changeset.audit.ChainVerifier;
import dev.changeset.audit.Outcome;
import dev.changeset.audit.Receipt;
import dev.changeset.audit.ReceiptAccess;
import dev.changeset.audit.ReceiptLog;
import dev.changeset.audit.ReceiptLog.ReceiptPage;
import dev.changeset.identity.Caller;
import dev.changeset.identity.Callers;
import dev.changeset.text.Printable;
import io.quarkiverse.mcp.server.Tool;
import io.quarkiverse.mcp.server.ToolArg;
import io.quarkiverse.mcp.server.ToolCallException;
import io.quarkiverse.mcp.server.ToolGuardrails;
import io.quarkiverse.mcp.server.ToolResponse;
import io.quarkus.security.identity.SecurityIdentity;

/** {@code get_receipt}, {@code list_receipts}, {@code verify_audit_log}: reading the sealed receipts. */
@ScopeChecked
public class ReceiptTools {

    @Inject
    SecurityIdentity identity;
    @Inject
    Callers callers;
    @Inject
    ReceiptAccess access;
    @Inject
    ChainVerifier verifier;
    @Inject
    ReceiptAnswer answers;

    @ToolGuardrails(input = StrictArguments.class, output = ToolOutcomes.class)
    @Tool(name = "get_receipt", title = "Read a sealed receipt",
            description = "Returns one sealed receipt: the changeset's outcome, each operation's values before and "
                    + "after with its tier and the rules that fired, the approval, the Google authority each role "
                    + "used, the read-back result, and the receipt's SHA-256 hash chained to the previous receipt. "
                    + "A revert's receipt names the receipt it reverts ('reverts'); 'revertedBy' lists the reverts "
                    + "of this one. You can read receipts of your own changesets and of those you approved.",
            annotations = @Tool.Annotations(title = "Read a sealed receipt", readOnlyHint = true,
                    destructiveHint = false, idempotentHint = true, openWorldHint = false),
            outputSchema = @Tool.OutputSchema(from = Receipt.class, generator = ReceiptAnswer.class))
    public ToolResponse getReceipt(
            @ToolArg(description = "The receipt id (a UUID), as apply_changeset, get_changeset or list_receipts "
                    + "return it.") String receiptId) {
        Caller caller = callers.of(identity);
        Receipt receipt = access.read(caller, receiptId.trim()).map(s -> s.receipt())
                .orElseThrow(() -> new ToolCallException("No receipt '" + Printable.echo(receiptId)
                        + "' that you may read. list_receipts shows the receipts you can read."));
        List<ReceiptLog.Summary> revertedBy = access.revertsOf(caller, receipt.receiptId());
        String changes = receipt.operations().stream()
                .map(op -> op.sku() + " " + op.changes().stream()
                        .map(c -> c.field() + " " + c.before() + " -> " + c.after()).collect(Collectors.joining(", "))
                        + " (" + op.tier() + ")")
                .collect(Collectors.joining("; "));
        return Answers.structured("Receipt " + receipt.receiptId() + " (#" + receipt.sequence() + "): changeset "
                + receipt.changesetCode() + " " + receipt.outcome() + " for " + receipt.subject() + ". "
                + receipt.operations().size() + " operation(s)" + (changes.isEmpty() ? "" : ": " + changes)
                + ". Hash " + receipt.hash() + ", previous " + receipt.previousHash() + "."
                + (receipt.reverts() == null ? "" : " It reverts receipt " + receipt.reverts() + ".")
                + revertedBy.stream().map(r -> " Revert " + r.changesetCode() + ": " + r.outcome() + ", receipt "
                        + r.receiptId() + ".").collect(Collectors.joining()), answers.of(receipt, revertedBy));
    }

    @ToolGuardrails(input = StrictArguments.class, output = ToolOutcomes.class)
    @Tool(name = "list_receipts", title = "List sealed receipts",
            description = "Lists sealed receipts, newest first, with optional filters by outcome, user, date and "
                    + "SKU. You see your own receipts; auditors see everyone's. Page with 'before' = the "
                    + "'nextBefore' of the previous page.",
            annotations = @Tool.Annotations(title = "List sealed receipts", readOnlyHint = true,
                    destructiveHint = false, idempotentHint = true, openWorldHint = false),
            outputSchema = @Tool.OutputSchema(from = ReceiptPage.class))
    public ToolResponse listReceipts(
            @ToolArg(description = "Only receipts with this outcome: SEALED, DENIED, EXPIRED, STALE, FAILED or "
                    + "CANCELLED.") Optional<String> state,
            @ToolArg(description = "Only receipts of this user (Auth0 subject, e.g. auth0|abc). Defaults to you; "
                    + "other users need the auditor role.") Optional<String> user,
            @ToolArg(description = "Only receipts sealed at or after this time: an ISO-8601 instant "
                    + "(2026-03-01T09:00:00Z) or a date (2026-03-01, from the start of that day, UTC).")
            Optional<String> from,
            @ToolArg(description = "Only receipts sealed before this time: an ISO-8601 instant, or a date "
                    + "(2026-03-31: up to the end of that day, UTC).") Optional<String> to,
            @ToolArg(description = "Only receipts with an operation on this SKU.") Optional<String> sku,
            @ToolArg(description = "Paging: only receipts with a sequence below this (the previous page's "
                    + "nextBefore).") OptionalLong before,
            @ToolArg(description = "Receipts per page, from 1 to the server's"
                    + " changeset.audit.max-page (default " + ReceiptAccess.DEFAULT_PAGE + ").") OptionalInt limit) {
        ReceiptPage page;
        try {
            page = access.list(callers.of(identity), new ReceiptAccess.Filter(state.map(ReceiptTools::outcome),
                    user.map(String::trim), sku.map(String::trim), from.map(f -> instant(f, "from", false)),
                    to.map(t -> instant(t, "to", true)), before.isPresent() ? Optional.of(before.getAsLong())
                            : Optional.empty(),
                    limit.isPresent() ? Optional.of(limit.getAsInt()) : Optional.empty()));
        } catch (IllegalArgumentException e) {
            throw new ToolCallException(e.getMessage());
        }
        String lines = page.receipts().stream()
                .map(r -> "#" + r.sequence() + " " + r.receiptId() + " " + r.changesetCode() + " " + r.outcome()
                        + " " + r.sealedAt() + " " + String.join(",", r.skus()))
                .collect(Collectors.joining("\n"));
        return Answers.structured(page.receipts().size() + " receipt(s)"
                + (page.nextBefore() == null ? "" : "; more with before=" + page.nextBefore())
                + (lines.isEmpty() ? "." : ":\n" + lines), page);
    }

    @ToolGuardrails(input = StrictArguments.class, output = ToolOutcomes.class)
    @Tool(name = "verify_audit_log", title = "Check the receipt chain",
            description = "Walks the whole receipt chain from the first receipt: recomputes every SHA-256 hash from "
                    + "the stored canonical JSON, checks each receipt's link to the one before and the sequence for "
                    + "gaps, and names the first receipt that is wrong. Give 'earlierHead' (the chain head printed "
                    + "in an earlier receipt email) to check it is still in the chain: a missing head means receipts "
                    + "were deleted from the end.",
            annotations = @Tool.Annotations(title = "Check the receipt chain", readOnlyHint = true,
                    destructiveHint = false, idempotentHint = true, openWorldHint = false),
            outputSchema = @Tool.OutputSchema(from = ChainReport.class))
    public ToolResponse verifyAuditLog(
            @ToolArg(description = "A chain head seen earlier (64 hex digits, from a receipt email's 'chain head' "
                    + "line), to check that it is still in the chain.") Optional<String> earlierHead) {
        ChainReport report;
        try {
            report = verifier.verify(earlierHead.map(h -> h.trim().toLowerCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw new ToolCallException(e.getMessage());
        }
        return Answers.structured(report.summary(), report);
    }

    private static Outcome outcome(String value) {
        try {
            return Outcome.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("state must be one of " + Arrays.toString(Outcome.values())
                    + ", not '" + Printable.echo(value) + "'");
        }
    }

    private static Instant instant(String value, String name, boolean endOfDay) {
        String v = value.trim();
        try {
            if (v.length() == 10) {
                LocalDate day = LocalDate.parse(v);
                return (endOfDay ? day.plusDays(1) : day).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + name + "' must be an ISO-8601 instant (2026-03-01T09:00:00Z) "
                    + "or a date (2026-03-01), not '" + Printable.echo(value) + "'");
        }
    }

}
