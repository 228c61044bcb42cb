package dev.changeset.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import dev.changeset.support.McpClients;
import dev.changeset.support.SandboxClient;
import dev.changeset.support.SandboxResource;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The official MCP Java SDK client, over real HTTP, against the running application and the sandbox. */
@QuarkusTest
@WithTestResource(SandboxResource.class)
class GetSessionTest {

    @ConfigProperty(name = "sandbox.url")
    String sandboxUrl;
    @ConfigProperty(name = "changeset.public-url")
    String publicUrl;

    @Test
    void an_sdk_client_connects_lists_tools_and_learns_whose_authority_it_uses() {
        String token = new SandboxClient(sandboxUrl).token("alice", "openid changeset:read changeset:write");
        Instant before = Instant.now().minusSeconds(1);
        try (McpSyncClient client = McpClients.connect(publicUrl, token)) {
            McpSchema.InitializeResult init = client.initialize();
            assertEquals("commerce-changeset-mcp", init.serverInfo().name());
            assertEquals("Commerce Changeset", init.serverInfo().title());
            assertTrue(init.instructions().contains("preview_changeset"), init.instructions());
            assertTrue(init.instructions().contains("AWAITING_APPROVAL"), init.instructions());

            List<String> tools = client.listTools().tools().stream().map(McpSchema.Tool::name).toList();
            assertTrue(tools.contains("get_session"), tools.toString());
            McpSchema.Tool getSession = client.listTools().tools().stream()
                    .filter(t -> t.name().equals("get_session")).findFirst().orElseThrow();
            assertTrue(getSession.annotations().readOnlyHint());
            assertFalse(getSession.annotations().destructiveHint());

            McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest("get_session", Map.of()));
            assertFalse(Boolean.TRUE.equals(result.isError()), result.toString());
            @SuppressWarnings("unchecked")
            Map<String, Object> session = (Map<String, Object>) result.structuredContent();
            assertEquals("auth0|alice", session.get("subject"));
            assertEquals("alice@example.com", session.get("email"));
            assertEquals("sandbox-assistant", session.get("client"));
            assertEquals(List.of("changeset:read", "changeset:write", "openid"), session.get("scopes"));
            assertNotNull(session.get("sessionId"));
            Instant started = Instant.parse((String) session.get("sessionStartedAt"));
            assertTrue(!started.isBefore(before) && !started.isAfter(Instant.now()), started.toString());
            assertFalse(result.content().isEmpty());
        }
    }
}
