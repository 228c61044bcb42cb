package dev.changeset.sandbox;

import java.net.URI;
import java.util.List;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Starts the sandbox inside the application for {@code ./mvnw quarkus:dev}, on the port of
 * {@code sandbox.url}, serving this server's MCP resource as its API, and prints how to connect an assistant: with
 * OAuth (the client discovers the sandbox tenant from the 401, registers, and a person logs in on its page) or with
 * a printed token. quarkus-oidc asks the issuer for its
 * discovery document before this runs; it finds nobody, logs that it will retry, and connects on the first
 * request (the lazy initialisation docs/architecture.md allows; {@code EmbeddedSandboxLazyOidcTest} proves it). Tests start
 * the sandbox before the application instead ({@code SandboxResource}).
 */
@ApplicationScoped
@IfBuildProperty(name = "sandbox.embedded", stringValue = "true")
public class EmbeddedSandbox {

    private final URI sandboxUrl;
    private final URI publicUrl;
    private Sandbox sandbox;

    EmbeddedSandbox(@ConfigProperty(name = "sandbox.url") URI sandboxUrl,
            @ConfigProperty(name = "changeset.public-url") URI publicUrl) {
        this.sandboxUrl = sandboxUrl;
        this.publicUrl = publicUrl;
    }

    void start(@Observes @Priority(1) StartupEvent event) {
        String mcp = publicUrl + "/mcp";
        sandbox = Sandbox.start(sandboxUrl.getPort(), List.of(mcp), true);
        String token = sandbox.identity().mint(new SandboxIdentity.TokenRequest("alice", null, 12 * 3600, null,
                null, null));
        System.out.println("""

                ==== Commerce Changeset MCP on the sandbox (dev only) ====
                MCP URL:          %1$s
                Sandbox tenant:   %2$s/  (login page for OAuth clients; Guardian page: %2$s/guardian/alice, outbox: %2$s/gmail/outbox)

                With OAuth (the client registers itself and opens the sandbox's login page: pick a user, Accept):
                Claude Code:      claude mcp add --transport http commerce-changeset %1$s   (then /mcp in Claude Code to log in)

                With a pasted token (alice@example.com, auth0|alice, changeset:read changeset:write, 12 h):
                Token:            %3$s
                Claude Code:      claude mcp add --transport http commerce-changeset %1$s --header "Authorization: Bearer %3$s"
                MCP Inspector:    npx @modelcontextprotocol/inspector --cli %1$s --transport http --header "Authorization: Bearer %3$s" --method tools/list
                Another token:    curl -s -X POST %2$s/sandbox/tokens -H 'Content-Type: application/json' -d '{"user":"carol","scope":"changeset:read"}'
                ==========================================================
                """.formatted(mcp, sandbox.url(), token));
    }

    void stop(@Observes ShutdownEvent event) {
        if (sandbox != null) {
            sandbox.close();
        }
    }
}
