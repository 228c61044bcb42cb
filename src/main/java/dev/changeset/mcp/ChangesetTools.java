package dev.changeset.mcp;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import jakarta.inject.Inject;

import dev.changeset.approval.ApprovalConfig;
import dev.changeset.approval.ApprovalConfigCheck;
import dev.changeset.approval.Approvals;
import dev.changeset.identity.Caller;
import dev.changeset.identity.Callers;
import dev.changeset.pipeline.Changeset;
import dev.changeset.pipeline.ChangesetPipeline;
import dev.changeset.pipeline.OperationInput;
import dev.changeset.pipeline.OperationName;
import dev.changeset.pipeline.Reverts;
import io.quarkiverse.mcp.server.Cancellation;
import io.quarkiverse.mcp.server.McpConnection;
import io.quarkiverse.mcp.server.McpLog;
import io.quarkiverse.mcp.server.Progress;
import io.quarkiverse.mcp.server.Tool;
import io.quarkiverse.mcp.server.ToolArg;
import io.quarkiverse.mcp.server.ToolGuardrails;
import io.quarkiverse.mcp.server.ToolResponse;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/** The changeset tools: thin adapters over {@link ChangesetPipeline}; argument checks and answers only. */
@ScopeChecked
public class ChangesetTools {

    /** The longest wait a caller may ask for (the tool's documented range); the server may wait less. */
    static final int MAX_WAIT = ApprovalConfigCheck.MAX_WAIT_SECONDS;
    /** waitSeconds, as every tool that may wait for an approval describes it (the default is configuration's). */
    static final String WAIT = "Seconds to wait for approval, 0 to " + MAX_WAIT
            + "; when omitted, the server's configured default wait (changeset.approval.default-wait).";

    @Inject
    SecurityIdentity identity;
    @Inject
    Callers callers;
    @Inject
    ChangesetPipeline pipeline;
    @Inject
    Approvals approvals;
    @Inject
    ApprovalWait wait;
    @Inject
    ApprovalConfig approvalConfig;
    @Inject
    Reverts reverts;
    @Inject
    OperationArguments operationArguments;


    @ToolGuardrails(input = StrictArguments.class, output = ToolOutcomes.class)
    @Tool(name = "preview_changeset", title = "Preview a changeset",
            description = "Checks proposed catalog changes against the sheet and the risk policy WITHOUT writing"
                    + " anything. Returns a changeset id and a short code (CS-XXXX) to show the user, and per"
                    + " operation the current and new values, the change in percent, the tier T0..T3, the rules"
                    + " that fired and why, and the approval it will need (none, one tap on the phone, or four"
                    + " eyes). Apply it with apply_changeset.",
            annotations = @Tool.Annotations(title = "Preview a changeset", readOnlyHint = true,
                    destructiveHint = false, idempotentHint = false, openWorldHint = true),
            inputSchema = @Tool.InputSchema(generator = OperationArguments.class),
            outputSchema = @Tool.OutputSchema(from = ChangesetView.class))
    public ToolResponse previewChangeset(
            @ToolArg(description = "The operations, at most the server's changeset.pipeline.max-operations; one"
                    + " per SKU and field. Each has op ("
                    + OperationName.ALL + "), sku, and that operation's fields.")
            List<Object> operations,
            @ToolArg(description = "Why, in a sentence, for the user and the receipt (never sent to the sheet or"
                    + " the phone).", required = false) String note,
            McpConnection connection) {
        Caller caller = callers.of(identity);
        Changeset c = ToolErrors.call(() -> pipeline.preview(caller, Optional.of(connection.id()),
                operationArguments.read(operations), note));
        return answer(c);
    }

    @ToolGuardrails(input = StrictArguments.class, output = ToolOutcomes.class)
    @Tool(name = "apply_changeset", title = "Apply a previewed changeset",
            description = "Applies a previewed changeset: T0/T1 run at once; T2 sends one approval push to the"
                    + " user's phone (Auth0 Guardian) naming the changeset's code, T3 also asks a second approver."
                    + " Waits up to waitSeconds for the outcome, then answers with where it stands: AWAITING_APPROVAL"
                    + " is a normal answer (tell the user to approve, then call again: no second push). Returns"
                    + " each operation's before, after and verified value and the receipt.",
            annotations = @Tool.Annotations(title = "Apply a previewed changeset", readOnlyHint = false,
                    destructiveHint = true, idempotentHint = true, openWorldHint = true),
            outputSchema = @Tool.OutputSchema(from = ChangesetView.class))
    public Uni<ToolResponse> applyChangeset(
            @ToolArg(description = "The changeset id (or its code, CS-XXXX) from preview_changeset.") String changesetId,
            @ToolArg(description = "How long to wait for approval and execution. " + WAIT, required = false)
                    Integer waitSeconds,
            Progress progress, McpLog log, Cancellation cancellation, McpConnection connection) {
        Caller caller = callers.of(identity);
        Duration max = waitFor(waitSeconds);
        ApprovalWait.Heartbeat beat = wait.heartbeat("the changeset", max, progress, log);
        return ToolErrors.blocking(() -> pipeline.apply(caller, changesetId))
                .chain(c -> settle(caller, c, max, beat, cancellation, connection))
                .map(this::answer).onTermination().invoke(beat::stop);
    }

    @ToolGuardrails(input = StrictArguments.class, output = ToolOutcomes.class)
    @Tool(name = "get_changeset", title = "Where does a changeset stand?",
            description = "Shows a changeset's state, operations, approvals (who was asked, who decided, when),"
                    + " deadlines, receipt and what to do next.",
            annotations = @Tool.Annotations(title = "Where does a changeset stand?", readOnlyHint = true,
                    destructiveHint = false, idempotentHint = true, openWorldHint = false),
            outputSchema = @Tool.OutputSchema(from = ChangesetView.class))
    public ToolResponse getChangeset(
            @ToolArg(description = "The changeset id or code (CS-XXXX).") String changesetId) {
        Caller caller = callers.of(identity);
        return answer(ToolErrors.call(() -> pipeline.get(caller, changesetId)));
    }

    @ToolGuardrails(input = StrictArguments.class, output = ToolOutcomes.class)
    @Tool(name = "cancel_changeset", title = "Cancel a changeset",
            description = "Cancels a changeset that has not started executing, even while an approval is pending:"
                    + " it will never run, even if approved later. Leaving a call or a client timeout does NOT"
                    + " cancel; only this tool or a Deny on the phone does.",
            annotations = @Tool.Annotations(title = "Cancel a changeset", readOnlyHint = false,
                    destructiveHint = false, idempotentHint = true, openWorldHint = false),
            outputSchema = @Tool.OutputSchema(from = ChangesetView.class))
    public ToolResponse cancelChangeset(
            @ToolArg(description = "The changeset id or code (CS-XXXX).") String changesetId) {
        Caller caller = callers.of(identity);
        return answer(ToolErrors.call(() -> pipeline.cancel(caller, changesetId)));
    }

    @ToolGuardrails(input = StrictArguments.class, output = ToolOutcomes.class)
    @Tool(name = "update_price", title = "Change one price",
            description = "Previews and applies one price change in one call, with the same checks, tiers and"
                    + " approvals as preview_changeset + apply_changeset.",
            annotations = @Tool.Annotations(title = "Change one price", destructiveHint = true,
                    idempotentHint = false, openWorldHint = true),
            outputSchema = @Tool.OutputSchema(from = ChangesetView.class))
    public Uni<ToolResponse> updatePrice(@ToolArg(description = "The product's SKU.") String sku,
            @ToolArg(description = "The new price, above 0, at most 2 decimals.") BigDecimal price,
            @ToolArg(description = "Why (for the receipt).", required = false) String note,
            @ToolArg(description = WAIT, required = false)
            Integer waitSeconds, McpConnection connection, Progress progress, McpLog log, Cancellation cancellation) {
        return single(new OperationInput(OperationName.SET_PRICE.wire(), sku, price, null, null, null, null), note, waitSeconds,
                connection, progress, log, cancellation);
    }

    @ToolGuardrails(input = StrictArguments.class, output = ToolOutcomes.class)
    @Tool(name = "set_promotion", title = "Turn a promotion on or off",
            description = "Previews and applies one promotion change in one call (same checks, tiers and approvals"
                    + " as preview_changeset + apply_changeset).",
            annotations = @Tool.Annotations(title = "Turn a promotion on or off", destructiveHint = true,
                    idempotentHint = false, openWorldHint = true),
            outputSchema = @Tool.OutputSchema(from = ChangesetView.class))
    public Uni<ToolResponse> setPromotion(@ToolArg(description = "The product's SKU.") String sku,
            @ToolArg(description = "Whether the promotion is active.") Boolean active,
            @ToolArg(description = "The discount in percent, 0 to " + OperationName.MAX_PROMOTION_PERCENT
                    + " (0 when inactive).", required = false)
            BigDecimal percent,
            @ToolArg(description = "Why (for the receipt).", required = false) String note,
            @ToolArg(description = WAIT, required = false)
            Integer waitSeconds, McpConnection connection, Progress progress, McpLog log, Cancellation cancellation) {
        return single(new OperationInput(OperationName.SET_PROMOTION.wire(), sku, null, active, percent, null, null), note,
                waitSeconds, connection, progress, log, cancellation);
    }

    @ToolGuardrails(input = StrictArguments.class, output = ToolOutcomes.class)
    @Tool(name = "adjust_inventory", title = "Add or remove stock",
            description = "Previews and applies one stock change in one call; the delta becomes an absolute target"
                    + " at preview, so a repeat cannot apply it twice (same checks, tiers and approvals as"
                    + " preview_changeset + apply_changeset).",
            annotations = @Tool.Annotations(title = "Add or remove stock", destructiveHint = true,
                    idempotentHint = false, openWorldHint = true),
            outputSchema = @Tool.OutputSchema(from = ChangesetView.class))
    public Uni<ToolResponse> adjustInventory(@ToolArg(description = "The product's SKU.") String sku,
            @ToolArg(description = "Units to add, negative to remove; a whole number.") BigDecimal delta,
            @ToolArg(description = "Why (for the receipt).", required = false) String note,
            @ToolArg(description = WAIT, required = false)
            Integer waitSeconds, McpConnection connection, Progress progress, McpLog log, Cancellation cancellation) {
        return single(new OperationInput(OperationName.ADJUST_INVENTORY.wire(), sku, null, null, null, delta, null), note,
                waitSeconds, connection, progress, log, cancellation);
    }

    @ToolGuardrails(input = StrictArguments.class, output = ToolOutcomes.class)
    @Tool(name = "revert_changeset", title = "Put a change back",
            description = "Puts back what a SEALED changeset of yours wrote: a new changeset, built by the server from"
                    + " that changeset's sealed receipt (never from values you send), setting every cell it wrote"
                    + " back to its value before. It runs like any change: the policy tiers it (undoing a 40% price"
                    + " cut is a 67% raise), approvals as usual, and it writes only if every cell still holds what"
                    + " the changeset wrote; a cell someone changed since makes it STALE, names the cell and writes"
                    + " nothing. Its receipt names the receipt it reverts, which never changes. A receipt is reverted"
                    + " once; a revert can itself be reverted (a redo); a changeset that wrote nothing (DENIED,"
                    + " STALE, ...) has nothing to revert. apply=false previews the revert without applying it:"
                    + " show it to the user, then apply_changeset. Waits like apply_changeset.",
            annotations = @Tool.Annotations(title = "Put a change back", readOnlyHint = false,
                    destructiveHint = true, idempotentHint = true, openWorldHint = true),
            outputSchema = @Tool.OutputSchema(from = ChangesetView.class))
    public Uni<ToolResponse> revertChangeset(
            @ToolArg(description = "The receipt id (a UUID) of the change to put back, as apply_changeset,"
                    + " get_changeset or list_receipts return it. Give this or changesetId.", required = false)
            String receiptId,
            @ToolArg(description = "Or the id or code (CS-XXXX) of the changeset to put back.", required = false)
            String changesetId,
            @ToolArg(description = "Why, in a sentence, for the user and the receipt (never sent to the sheet or"
                    + " the phone).", required = false) String note,
            @ToolArg(description = "true (default): preview and apply; false: preview only, apply it later with"
                    + " apply_changeset.", required = false) Boolean apply,
            @ToolArg(description = WAIT, required = false)
            Integer waitSeconds, McpConnection connection, Progress progress, McpLog log, Cancellation cancellation) {
        Caller caller = callers.of(identity);
        Duration max = waitFor(waitSeconds);
        Reverts.Target target = ToolErrors.call(() -> Reverts.Target.of(receiptId, changesetId));
        ApprovalWait.Heartbeat beat = wait.heartbeat("the revert", max, progress, log);
        Uni<Changeset> previewed = ToolErrors.blocking(() -> pipeline.previewRevert(caller, Optional.of(connection.id()), target,
                note));
        return (Boolean.FALSE.equals(apply) ? previewed
                : previewed.chain(c -> c.state().isTerminal() ? Uni.createFrom().item(c)
                        : applyAndWait(caller, c, max, beat, cancellation, connection)))
                .map(this::answer).onTermination().invoke(beat::stop);
    }

    private Uni<ToolResponse> single(OperationInput op, String note, Integer waitSeconds, McpConnection connection,
            Progress progress, McpLog log, Cancellation cancellation) {
        Caller caller = callers.of(identity);
        Duration max = waitFor(waitSeconds);
        ApprovalWait.Heartbeat beat = wait.heartbeat("the change to " + op.sku(), max, progress, log);
        return ToolErrors.blocking(() -> pipeline.preview(caller, Optional.of(connection.id()), List.of(op), note))
                .chain(c -> applyAndWait(caller, c, max, beat, cancellation, connection))
                .map(this::answer).onTermination().invoke(beat::stop);
    }

    /**
     * Applies a previewed changeset and waits for it to settle until the call has run for {@code max}, as
     * apply_changeset does.
     */
    private Uni<Changeset> applyAndWait(Caller caller, Changeset previewed, Duration max, ApprovalWait.Heartbeat beat,
            Cancellation cancellation, McpConnection connection) {
        beat.named(previewed.code());
        return ToolErrors.blocking(() -> pipeline.apply(caller, previewed.id()))
                .chain(c -> settle(caller, c, max, beat, cancellation, connection));
    }

    private Uni<Changeset> settle(Caller caller, Changeset c, Duration max, ApprovalWait.Heartbeat beat,
            Cancellation cancellation, McpConnection connection) {
        return c.state().isTerminal() || max.isZero() ? Uni.createFrom().item(c)
                : wait.await(c, beat, cancellation, connection)
                        .chain(s -> ToolErrors.blocking(() -> pipeline.get(caller, c.id())));
    }

    private ToolResponse answer(Changeset c) {
        ChangesetView view = ChangesetView.of(c, approvals.requests(c.id()), reverts.links(c));
        return Answers.structured(view.summary(), view);
    }

    /** The wait asked for (default {@code changeset.approval.default-wait}), at most {@code max-wait}. */
    private Duration waitFor(Integer waitSeconds) {
        if (waitSeconds == null) {
            return approvalConfig.defaultWait();
        }
        if (waitSeconds < 0 || waitSeconds > MAX_WAIT) {
            throw new io.quarkiverse.mcp.server.ToolCallException("waitSeconds must be 0 to " + MAX_WAIT
                    + ", got " + waitSeconds);
        }
        Duration asked = Duration.ofSeconds(waitSeconds);
        return asked.compareTo(approvalConfig.maxWait()) > 0 ? approvalConfig.maxWait() : asked;
    }

}
