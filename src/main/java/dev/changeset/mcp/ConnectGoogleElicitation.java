package dev.changeset.mcp;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.changeset.connect.ConnectLinks;
import dev.changeset.identity.McpSessions;
import dev.changeset.pipeline.UserActionable;
import io.quarkiverse.mcp.server.Content;
import io.quarkiverse.mcp.server.ToolOutputGuardrail.ToolOutputContext;
import io.quarkiverse.mcp.server.ToolResponse;
import io.quarkiverse.mcp.server.UrlElicitationRequiredException;

/**
 * "Connect your Google account" as a URL-mode elicitation (MCP 2025-11-25, "Elicitation", URL mode): when a tool
 * answers that the caller's Google account is not connected, or that its grant was revoked, and the client declared
 * {@code elicitation.url} at initialisation, the answer becomes JSON-RPC error -32042 whose {@code data.elicitations}
 * holds a connect link for the caller ({@link ConnectLinks}) with an {@code elicitationId}; quarkus-mcp-server 1.13.0
 * builds it from {@link UrlElicitationRequiredException}. Clients without URL mode, and servers without a connect
 * page, keep the tool error's text. After connecting, the same call works. The library registers no pending
 * elicitation for this error, so no {@code notifications/elicitation/complete} follows (the spec makes it optional).
 */
@ApplicationScoped
class ConnectGoogleElicitation {

    private final ConnectLinks links;
    private final McpSessions sessions;

    ConnectGoogleElicitation(ConnectLinks links, McpSessions sessions) {
        this.links = links;
        this.sessions = sessions;
    }

    /** Throws the elicitation error when the tool's error asks to (re)connect Google and the client can open links. */
    void offer(ToolOutputContext context) {
        ToolResponse response = context.getResponse();
        if (response == null || !response.isError() || !links.enabled()
                || !context.getConnection().initialRequest().supportsElicitationUrlMode()) {
            return;
        }
        String text = response.content().stream().filter(c -> c.type() == Content.Type.TEXT)
                .map(c -> c.asText().text()).findFirst().orElse("");
        Optional<UserActionable.Kind> kind = UserActionable.connectionNeeded(text);
        Optional<McpSessions.Session> session = sessions.find(context.getConnection().id());
        if (kind.isEmpty() || session.isEmpty()) {
            return;
        }
        ConnectLinks.Link link = links.issue(session.get().subject());
        boolean reconnect = kind.get() == UserActionable.Kind.RECONNECT_GOOGLE;
        UrlElicitationRequiredException.Builder error = UrlElicitationRequiredException.builder()
                .setMessage(reconnect ? "Google no longer accepts the access you gave: reconnect Google, then try "
                        + "again." : "Your Google account is not connected yet: connect it, then try again.");
        error.addElicitation(link.url(), (reconnect ? "Reconnect" : "Connect") + " your Google account to Commerce "
                + "Changeset (you sign in first; the link works once, for "
                + java.time.Duration.between(java.time.Instant.now(), link.expiresAt()).toMinutes() + " minutes).");
        throw error.build();
    }
}
