package dev.changeset.identity;

import java.util.Map;
import java.util.UUID;

import io.vertx.core.json.JsonObject;

/**
 * A Google access token to present as a bearer: the one the tenant's Token Vault exchange gives for the caller
 * when the sandbox has Token Vault, else an opaque {@code ya29.} string of the same shape.
 */
record GoogleToken(String token, String source) {

    static GoogleToken obtain(String tenantUrl, String subjectToken) throws Exception {
        JsonObject answer = new AttackHttp(tenantUrl).form("/oauth/token", Map.of(
                "grant_type", "urn:auth0:params:oauth:grant-type:token-exchange:federated-connection-access-token",
                "subject_token_type", "urn:ietf:params:oauth:token-type:access_token",
                "subject_token", subjectToken,
                "requested_token_type", "http://auth0.com/oauth/token-type/federated-connection-access-token",
                "connection", "google-oauth2",
                "client_id", "sandbox-custom-api-client",
                "client_secret", "sandbox-custom-api-client-secret"));
        String token = answer.getString("access_token");
        if (answer.getInteger("_status") == 200 && token != null && token.startsWith("ya29.")) {
            return new GoogleToken(token, "from the sandbox's Token Vault");
        }
        return new GoogleToken("ya29.a0AfB_" + UUID.randomUUID().toString().replace("-", ""),
                "an opaque ya29. string: this sandbox has no Token Vault");
    }
}
