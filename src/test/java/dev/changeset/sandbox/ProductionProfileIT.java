package dev.changeset.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.changeset.support.McpWire;
import dev.changeset.support.PackagedApp;
import dev.changeset.support.ProdOnSandbox;

/**
 * The packaged application with the production profile starts no sandbox: nothing listens on the sandbox's
 * port, and no sandbox route answers on the application's own port, even with a valid sandbox token.
 */
class ProductionProfileIT {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void the_production_profile_has_no_sandbox() throws Exception {
        int sandboxPort = PackagedApp.freePort();
        try (Sandbox issuer = Sandbox.start(0)) {
            Map<String, String> config = Map.of(
                    // production-like: the sandbox (started here, in the test) stands in for the Auth0 tenant
                    "%prod.changeset.identity.issuer", issuer.url() + "/",
                    "sandbox.url", "http://127.0.0.1:" + sandboxPort,
                    "sandbox.embedded", "true", // a runtime attempt to turn it on must change nothing
                    "quarkus.flyway.migrate-at-start", "false");
            // the production secrets (CIBA client, Token Vault client, ...) as variables, with sandbox values
            Map<String, String> environment = ProdOnSandbox.settings(issuer.url()).environment();
            try (PackagedApp app = PackagedApp.start("prod-profile", config, environment)) {
                String log = Files.readString(app.log());
                assertTrue(log.contains("Profile prod activated"), log);
                assertTrue(!log.contains("Sandbox (Auth0 and Google emulator) listening"), log);

                assertThrows(ConnectException.class, () -> get("http://127.0.0.1:" + sandboxPort
                        + "/.well-known/openid-configuration", null));

                String token = issuer.identity().mint(new SandboxIdentity.TokenRequest("alice", null, 600, null,
                        null, null));
                // the token is good (the application accepts it) ...
                McpWire.Reply initialize = new McpWire(app.url(), token).initialize();
                assertEquals(200, initialize.status(), initialize.body());
                // ... and no sandbox route exists behind it
                for (String path : new String[] { "/sandbox/tokens", "/guardian/alice", "/gmail/outbox",
                        "/.well-known/jwks.json", "/.well-known/openid-configuration", "/oauth/token",
                        "/bc-authorize", "/v4/spreadsheets/sandbox-catalog/values/Products!A1:B2" }) {
                    HttpResponse<String> response = get(app.url() + path, token);
                    assertEquals(404, response.statusCode(), path + " answered: " + response.body());
                }
            }
        }
    }

    private HttpResponse<String> get(String url, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
