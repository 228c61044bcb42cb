package dev.changeset.mcp;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.runtime.StartupEvent;

/**
 * Refuses to start with a progress clock clients would not live with: the MCP Inspector ends a call after 10 s
 * without progress (its default request timeout, reset by progress), so the first notification must come within
 * 5 s of the call's start and the next ones at most 5 s apart.
 */
@ApplicationScoped
class McpConfigCheck {

    /** The longest gap between two signs of life of a waiting call. */
    static final Duration MAX_PROGRESS_EVERY = Duration.ofSeconds(5);

    void check(@Observes StartupEvent event, McpConfig config) {
        List<String> problems = problems(config);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("changeset.mcp is misconfigured: " + String.join("; ", problems));
        }
    }

    static List<String> problems(McpConfig config) {
        List<String> problems = new ArrayList<>();
        Duration every = config.progressEvery();
        if (every.toMillis() < 1000 || every.compareTo(MAX_PROGRESS_EVERY) > 0) {
            problems.add("progress-every is " + every.toMillis() + " ms: it must be 1 to 5 s (the MCP Inspector"
                    + " ends a call after 10 s without progress)");
        }
        return problems;
    }
}
