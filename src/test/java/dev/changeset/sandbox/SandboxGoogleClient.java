package dev.changeset.sandbox;

import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.api.client.json.gson.GsonFactory;
import com.google.api.services.sheets.v4.Sheets;

import dev.changeset.support.SandboxClient;
import io.vertx.core.json.JsonObject;

/** For tests that talk to the sandbox without the application: Google tokens from its Token Vault, a Sheets client. */
final class SandboxGoogleClient {

    static final String SPREADSHEET = SheetSeed.CATALOG_SPREADSHEET_ID;

    private SandboxGoogleClient() {
    }

    /** Exchanges a fresh access token of {@code user} at the sandbox's Token Vault, as the server would. */
    static JsonObject exchange(SandboxClient sandbox, String user) {
        String subject = sandbox.token(user, "changeset:read");
        return sandbox.postForm("/oauth/token", java.util.Map.of(
                "grant_type", SandboxTokenVault.GRANT,
                "subject_token_type", SandboxTokenVault.ACCESS_TOKEN_TYPE,
                "subject_token", subject,
                "requested_token_type", SandboxTokenVault.FEDERATED_TOKEN_TYPE,
                "connection", "google-oauth2",
                "client_id", SandboxTokenVault.CUSTOM_API_CLIENT_ID,
                "client_secret", SandboxTokenVault.CUSTOM_API_CLIENT_SECRET));
    }

    static Sheets sheets(String sandboxUrl, String googleToken) {
        return new Sheets.Builder(new NetHttpTransport(), GsonFactory.getDefaultInstance(),
                req -> req.getHeaders().setAuthorization("Bearer " + googleToken))
                .setRootUrl(sandboxUrl + "/").setApplicationName("sandbox-test").build();
    }
}
