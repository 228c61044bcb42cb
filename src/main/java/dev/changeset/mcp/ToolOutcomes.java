package dev.changeset.mcp;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkiverse.mcp.server.ToolOutputGuardrail;

/**
 * Counts every tool call by tool and outcome as {@code changeset.tool.calls{tool, outcome}}: {@code ok}, or
 * {@code error} for an answer with {@code isError: true} (a step refused: what the assistant is told to act on).
 * quarkus-mcp-server's own {@code mcp.server.requests.tools.call} timer has the latency per tool but counts those
 * answers as successes ({@code failure="none"}); only JSON-RPC failures show there. Attached to each tool with
 * {@code @ToolGuardrails(output = ToolOutcomes.class)}: it sees the answer and changes nothing, except that a
 * "connect Google" error becomes a URL elicitation for clients that support it ({@link ConnectGoogleElicitation}).
 * Public because the extension's generated metadata names the class.
 */
@ApplicationScoped
public class ToolOutcomes implements ToolOutputGuardrail {

    private final MeterRegistry meters;
    private final ConnectGoogleElicitation connectGoogle;

    ToolOutcomes(MeterRegistry meters, ConnectGoogleElicitation connectGoogle) {
        this.meters = meters;
        this.connectGoogle = connectGoogle;
    }

    @Override
    public void apply(ToolOutputContext context) {
        String outcome = context.getResponse() != null && context.getResponse().isError() ? "error" : "ok";
        meters.counter("changeset.tool.calls", "tool", context.getTool().name(), "outcome", outcome).increment();
        connectGoogle.offer(context); // "connect Google" to a client that can open a link: an elicitation instead
    }
}
