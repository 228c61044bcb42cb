package dev.changeset.mcp;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import dev.changeset.support.McpClients;
import dev.changeset.support.SandboxClient;
import dev.changeset.support.SandboxResource;
import dev.changeset.vault.TokenVault;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Captures every log record of a full read (Token Vault exchange, a Google 401 and the second exchange, the Sheets
 * reads, a refused exchange), with the chattiest loggers turned up, and searches it for the Auth0 access tokens and
 * the Google tokens that travelled.
 */
@QuarkusTest
@WithTestResource(SandboxResource.class)
class NoTokenInLogsTest {

    @ConfigProperty(name = "sandbox.url")
    String sandboxUrl;
    @ConfigProperty(name = "changeset.public-url")
    String publicUrl;
    @Inject
    TokenVault vault;

    /** Keeps each record as the console would print it, message parameters and stack traces included. */
    static final class Capture extends Handler {
        final ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();
        final SimpleFormatter format = new SimpleFormatter();

        @Override
        public void publish(LogRecord record) {
            StringBuilder line = new StringBuilder(format.format(record));
            if (record.getThrown() != null) {
                StringWriter trace = new StringWriter();
                record.getThrown().printStackTrace(new PrintWriter(trace));
                line.append(trace);
            }
            lines.add(line.toString());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    @Test
    void neither_the_auth0_token_nor_the_google_token_is_logged() {
        SandboxClient sandbox = new SandboxClient(sandboxUrl);
        sandbox.reset();
        List.of("alice", "bob").forEach(u -> vault.invalidate("auth0|" + u));
        Logger root = Logger.getLogger("");
        Capture capture = new Capture();
        capture.setLevel(Level.ALL);
        List<String> chatty = List.of("dev.changeset", "io.quarkus.oidc", "io.quarkus.rest.client",
                "org.jboss.resteasy.reactive.client", "com.google.api.client", "io.quarkiverse.mcp",
                "io.smallrye.faulttolerance", "io.vertx");
        Map<String, Level> before = new java.util.HashMap<>();
        chatty.forEach(name -> {
            Logger logger = Logger.getLogger(name);
            before.put(name, logger.getLevel());
            logger.setLevel(Level.ALL);
        });
        root.addHandler(capture);
        String alice = sandbox.token("alice", "changeset:read");
        String bob = sandbox.token("bob", "changeset:read");
        try {
            try (McpSyncClient client = McpClients.connect(publicUrl, alice)) {
                client.initialize();
                assertFalse(Boolean.TRUE.equals(client.callTool(new McpSchema.CallToolRequest("read_catalog",
                        Map.of())).isError()));
                sandbox.post("/sandbox/google/tokens/revoke", new JsonObject().put("user", "alice"));
                sandbox.post("/sandbox/google/faults", new JsonObject().put("kind", "error").put("status", 503)
                        .put("on", "read"));
                assertFalse(Boolean.TRUE.equals(client.callTool(new McpSchema.CallToolRequest(
                        "read_launch_schedule", Map.of())).isError()));
            }
            try (McpSyncClient client = McpClients.connect(publicUrl, bob)) {
                client.initialize();
                assertTrue(client.callTool(new McpSchema.CallToolRequest("read_catalog", Map.of())).isError());
            }
        } finally {
            root.removeHandler(capture);
            chatty.forEach(name -> Logger.getLogger(name).setLevel(before.get(name)));
        }
        String log = String.join("\n", capture.lines);
        assertTrue(log.contains("Token Vault exchange tvx-"), "the capture saw the exchange being logged");
        assertTrue(log.contains("(401): exchanging again"), "the capture saw the Google 401");
        assertTrue(log.contains("Token Vault refused the exchange for auth0|bob"), "and bob's refusal");
        assertTrue(log.contains("-------------- REQUEST"), "and google-http-client's own request log");
        assertTrue(log.contains("Authorization: <Not Logged>"), "which leaves the header out");

        JsonArray googleTokens = sandbox.get("/sandbox/auth0/token-vault/issued?user=alice").getJsonArray("tokens");
        assertTrue(googleTokens.size() >= 2, googleTokens.encode());
        for (Object t : googleTokens) {
            String google = ((JsonObject) t).getString("token");
            assertFalse(log.contains(google), "a Google token is in the log");
            assertFalse(log.contains(google.substring("ya29.sandbox.".length())), "part of a Google token is logged");
        }
        for (String auth0 : List.of(alice, bob)) {
            assertFalse(log.contains(auth0), "an Auth0 access token is in the log");
            assertFalse(log.contains(auth0.substring(auth0.lastIndexOf('.') + 1)), "a token signature is logged");
        }
        assertFalse(log.contains("sandbox-custom-api-client-secret"), "the client secret is in the log");
    }
}
