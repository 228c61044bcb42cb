package dev.changeset.support;

import java.time.Duration;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;

/** The official MCP Java SDK client, connected over Streamable HTTP with a bearer token. */
public final class McpClients {

    private McpClients() {
    }

    public static McpSyncClient connect(String baseUrl, String token) {
        return connect(baseUrl, token, Duration.ofSeconds(30));
    }

    public static McpSyncClient connect(String baseUrl, String token, Duration requestTimeout) {
        return builder(baseUrl, token, requestTimeout).build();
    }

    public static McpClient.SyncSpec builder(String baseUrl, String token, Duration requestTimeout) {
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(baseUrl)
                .endpoint("/mcp")
                .httpRequestCustomizer((request, method, uri, body, context) -> request.header("Authorization",
                        "Bearer " + token))
                .build();
        return McpClient.sync(transport)
                .requestTimeout(requestTimeout)
                .clientInfo(new McpSchema.Implementation("changeset-tests", "1.0.0"));
    }
}
