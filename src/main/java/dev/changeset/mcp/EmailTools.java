package dev.changeset.mcp;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import dev.changeset.approval.ApprovalConfig;
import dev.changeset.identity.Caller;
import dev.changeset.identity.Callers;
import dev.changeset.pipeline.ReceiptResends;
import dev.changeset.pipeline.Resend;
import io.quarkiverse.mcp.server.Cancellation;
import io.quarkiverse.mcp.server.McpConnection;
import io.quarkiverse.mcp.server.McpLog;
import io.quarkiverse.mcp.server.Progress;
import io.quarkiverse.mcp.server.Tool;
import io.quarkiverse.mcp.server.ToolArg;
import io.quarkiverse.mcp.server.ToolCallException;
import io.quarkiverse.mcp.server.ToolGuardrails;
import io.quarkiverse.mcp.server.ToolResponse;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * {@code email_receipt}: a thin adapter over {@link ReceiptResends}; an approval is waited for as
 * {@code apply_changeset} waits ({@link ApprovalWait}), holding no thread.
 */
@ScopeChecked
public class EmailTools {

    private static final int MAX_WAIT = 120;

    @Inject
    SecurityIdentity identity;
    @Inject
    Callers callers;
    @Inject
    ReceiptResends resends;
    @Inject
    ApprovalWait wait;
    @Inject
    ApprovalConfig approvalConfig;

    @ToolGuardrails(input = StrictArguments.class, output = ToolOutcomes.class)
    @Tool(name = "email_receipt", title = "Email a receipt",
            description = "Emails a receipt (again) through the user's own Gmail: to the user's address by default,"
                    + " or to the addresses given. The user's own address is T1 and goes at once; any other address"
                    + " is T2 and needs the user's approval on their phone first: the push names the recipients'"
                    + " domains. The call waits up to waitSeconds for it; calling again with the same receipt and"
                    + " recipients resumes that request (no second push). An approved mail is sent even if the call"
                    + " has stopped waiting.",
            annotations = @Tool.Annotations(title = "Email a receipt", destructiveHint = false,
                    idempotentHint = false, openWorldHint = true),
            outputSchema = @Tool.OutputSchema(from = Resend.class))
    public Uni<ToolResponse> emailReceipt(
            @ToolArg(description = "The receipt id, as get_changeset or list_receipts return it.") String receiptId,
            @ToolArg(description = "Recipient addresses (plain addresses, at most the server's"
                    + " changeset.notify.max-recipients); the user's own by default.",
                    required = false) List<String> to,
            @ToolArg(description = "Seconds to wait for the approval another address needs, 0 to " + MAX_WAIT
                    + "; when omitted, the server's configured default wait.", required = false) Integer waitSeconds,
            Progress progress, McpLog log, Cancellation cancellation, McpConnection connection) {
        int seconds = waitSeconds == null ? (int) Math.min(approvalConfig.defaultWait().toSeconds(), MAX_WAIT)
                : waitSeconds;
        if (seconds < 0 || seconds > MAX_WAIT) {
            throw new ToolCallException("waitSeconds must be 0 to " + MAX_WAIT + ", got " + seconds);
        }
        Caller caller = callers.of(identity);
        Duration max = Duration.ofSeconds(seconds);
        ApprovalWait.Heartbeat beat = wait.heartbeat("your receipt mail", max, progress, log);
        return ToolErrors.blocking(() -> resends.send(caller, receiptId == null ? "" : receiptId, to))
                .chain(r -> {
                    beat.named("the mail of " + r.code());
                    return !r.state().isOpen() || max.isZero() ? Uni.createFrom().item(r)
                            : wait.await(r.requestId(), beat, cancellation, connection)
                                    .chain(s -> ToolErrors.blocking(() -> resends.get(caller, r.requestId())));
                })
                .map(EmailTools::answer).onTermination().invoke(beat::stop);
    }

    private static ToolResponse answer(Resend r) {
        String text = "Receipt " + r.receiptId() + " (" + r.code() + ") to " + String.join(", ", r.to()) + " ("
                + r.tier() + "): " + r.state() + (r.sent() ? ", sent" : "") + ". " + r.next();
        return Answers.structured(text, r);
    }
}
