package dev.changeset.mcp;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import dev.changeset.identity.Callers;
import dev.changeset.notify.EmailReceipt;
import io.quarkiverse.mcp.server.Tool;
import io.quarkiverse.mcp.server.ToolArg;
import io.quarkiverse.mcp.server.ToolCallException;
import io.quarkiverse.mcp.server.ToolGuardrails;
import io.quarkiverse.mcp.server.ToolResponse;
import io.quarkus.security.identity.SecurityIdentity;

/** {@code email_receipt}: a thin adapter over {@link EmailReceipt}. */
public class EmailTools {

    @Inject
    SecurityIdentity identity;
    @Inject
    Callers callers;
    @Inject
    EmailReceipt email;

    @ToolGuardrails(input = StrictArguments.class, output = ToolOutcomes.class)
    @Tool(name = "email_receipt", title = "Email a receipt",
            description = "Emails a receipt (again) through the user's own Gmail: to the user's address by default,"
                    + " or to the addresses given. The user's own address is T1 and goes at once; any other address"
                    + " is T2 and needs the user's approval on their phone first (within waitSeconds).",
            annotations = @Tool.Annotations(title = "Email a receipt", destructiveHint = false,
                    idempotentHint = false, openWorldHint = true),
            outputSchema = @Tool.OutputSchema(from = EmailReceipt.Result.class))
    public ToolResponse emailReceipt(
            @ToolArg(description = "The receipt id, as get_changeset or list_receipts return it.") String receiptId,
            @ToolArg(description = "Recipient addresses (plain addresses, at most 10); the user's own by default.",
                    required = false) List<String> to,
            @ToolArg(description = "Seconds to wait for the approval another address needs, 0 to 120; 45 by"
                    + " default.", required = false) Integer waitSeconds) {
        int seconds = waitSeconds == null ? 45 : waitSeconds;
        if (seconds < 0 || seconds > 120) {
            throw new ToolCallException("waitSeconds must be 0 to 120, got " + seconds);
        }
        try {
            EmailReceipt.Result result = email.send(callers.of(identity), receiptId == null ? "" : receiptId, to,
                    Duration.ofSeconds(seconds));
            String text = (result.sent() ? "Sent receipt " : "Did not send receipt ") + result.receiptId() + " to "
                    + String.join(", ", result.to()) + " (" + result.tier() + ")"
                    + (result.detail() == null ? "." : ": " + result.detail());
            return Answers.structured(text, result);
        } catch (IllegalArgumentException e) {
            throw new ToolCallException(e.getMessage());
        } catch (RuntimeException e) {
            throw ToolErrors.of(e);
        }
    }
}
