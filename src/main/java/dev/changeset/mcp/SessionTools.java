package dev.changeset.mcp;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.inject.Inject;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.changeset.identity.Caller;
import dev.changeset.identity.Callers;
import dev.changeset.identity.McpSessions;
import io.quarkiverse.mcp.server.McpConnection;
import io.quarkiverse.mcp.server.Tool;
import io.quarkiverse.mcp.server.ToolGuardrails;
import io.quarkiverse.mcp.server.ToolResponse;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.NonBlocking;

/** {@code get_session}: on whose behalf the assistant acts. */
@ScopeChecked
public class SessionTools {

    /** The caller and the MCP session, as {@code get_session} returns them. */
    @JsonInclude(JsonInclude.Include.NON_NULL) // absent, not null: clients check the output schema
    public record SessionInfo(String subject, String email, String client, List<String> scopes, String sessionId,
            Instant sessionStartedAt, long sessionMinutes, Instant tokenExpiresAt) {
    }

    @Inject
    SecurityIdentity identity;
    @Inject
    Callers callers;
    @Inject
    McpSessions sessions;

    @ToolGuardrails(input = StrictArguments.class, output = ToolOutcomes.class)
    @Tool(name = "get_session", title = "Who am I acting for?",
            description = "Returns the user on whose behalf this assistant acts (Auth0 subject and email), the MCP "
                    + "scopes the user's token grants (changeset:read, changeset:write), and when this MCP session "
                    + "started. Call it first to tell the user whose catalog and authority you are using.",
            annotations = @Tool.Annotations(title = "Who am I acting for?", readOnlyHint = true,
                    destructiveHint = false, idempotentHint = true, openWorldHint = false),
            outputSchema = @Tool.OutputSchema(from = SessionInfo.class))
    @NonBlocking // reads memory only: answered on the event loop, without a hop to a worker thread and back
    public ToolResponse getSession(McpConnection connection) {
        Caller caller = callers.of(identity);
        Optional<McpSessions.Session> session = sessions.find(connection.id());
        Instant started = session.map(McpSessions.Session::startedAt).orElse(null);
        long minutes = session.map(s -> s.minutesAt(Instant.now())).orElse(0L);
        SessionInfo info = new SessionInfo(caller.subject(), caller.email().orElse(null),
                caller.clientId().orElse(null), caller.scopes().stream().sorted().toList(), connection.id(), started,
                minutes, caller.expiresAt());
        return Answers.structured("Acting for " + caller.subject() + caller.email().map(e -> " <" + e + ">").orElse("")
                + " with scopes " + String.join(" ", info.scopes()) + "; session started "
                + (started == null ? "at an unknown time" : started + " (" + minutes + " min ago)") + ".", info);
    }
}
