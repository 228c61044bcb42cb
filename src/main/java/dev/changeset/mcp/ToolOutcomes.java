package dev.changeset.mcp;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkiverse.mcp.server.ToolOutputGuardrail;

/**
 * Counts every tool call by tool and outcome as {@code changeset.tool.calls{tool, outcome}}: {@code ok}, or
 * {@code error} for an answer with {@code isError: true} (a step refused: what the assistant is told to act on).
 * quarkus-mcp-server's own {@code mcp.server.requests.tools.call} timer has the latency per tool but counts those
 * answers as successes ({@code failure="none"}); only JSON-RPC failures show there. Attached to each tool with
 * {@code @ToolGuardrails(output = ToolOutcomes.class)}: it sees the answer, changes nothing (public because the
 * extension's generated metadata names the class).
 */
@ApplicationScoped
public class ToolOutcomes implements ToolOutputGuardrail {

    private final MeterRegistry meters;

    ToolOutcomes(MeterRegistry meters) {
        this.meters = meters;
    }

    @Override
    public void apply(ToolOutputContext context) {
        String outcome = context.getResponse() != null && context.getResponse().isError() ? "error" : "ok";
        meters.counter("changeset.tool.calls", "tool", context.getTool().name(), "outcome", outcome).increment();
    }
}
