package dev.changeset.identity;

import java.util.HashMap;
import java.util.Map;

import dev.changeset.sandbox.Sandbox;
import dev.changeset.support.SandboxClient;
import io.vertx.core.json.JsonObject;

/**
 * What a CIBA approval at the tenant yields, obtained over HTTP as the server's CIBA client does: alice's
 * scripted approval, redeemed once and then replayed; and a second approval asked without this API's audience.
 */
record CibaTokens(String authReqId, int firstRedeemStatus, Replay replay, String idToken, String approvalAccessToken,
        String accessTokenWithoutAudience) {

    record Replay(int status, String error) {
    }

    static CibaTokens obtain(String tenantUrl) throws Exception {
        SandboxClient control = new SandboxClient(tenantUrl);
        control.post("/sandbox/ciba/reset", new JsonObject());
        control.post("/sandbox/ciba/script", new JsonObject().put("user", "alice").put("action", "approve")
                .put("after_ms", 0));
        AttackHttp tenant = new AttackHttp(tenantUrl);
        // The API of the application under test: its MCP resource (prod-on-sandbox.properties' public URL + /mcp),
        // which the tenant sandbox serves by default.
        String authReqId = authorize(tenant, tenantUrl, Sandbox.DEFAULT_MCP_RESOURCE);
        JsonObject first = tenant.form("/oauth/token", redeem(authReqId));
        JsonObject second = tenant.form("/oauth/token", redeem(authReqId));
        JsonObject other = tenant.form("/oauth/token", redeem(authorize(tenant, tenantUrl, null)));
        if (first.getInteger("_status") != 200 || other.getInteger("_status") != 200) {
            throw new IllegalStateException("the tenant did not issue CIBA tokens: " + first + " " + other);
        }
        return new CibaTokens(authReqId, first.getInteger("_status"),
                new Replay(second.getInteger("_status"), second.getString("error")), first.getString("id_token"),
                first.getString("access_token"), other.getString("access_token"));
    }

    private static String authorize(AttackHttp tenant, String tenantUrl, String audience) throws Exception {
        Map<String, String> form = new HashMap<>(Map.of("client_id", "sandbox-ciba-client",
                "client_secret", "sandbox-ciba-secret", "scope", "openid",
                "binding_message", "Approve CS-TEST: 1 change",
                "login_hint", new JsonObject().put("format", "iss_sub").put("iss", tenantUrl + "/")
                        .put("sub", "auth0|alice").encode()));
        if (audience != null) {
            form.put("audience", audience);
        }
        JsonObject answer = tenant.form("/bc-authorize", form);
        if (answer.getInteger("_status") != 200) {
            throw new IllegalStateException("bc-authorize refused: " + answer);
        }
        return answer.getString("auth_req_id");
    }

    private static Map<String, String> redeem(String authReqId) {
        return Map.of("grant_type", "urn:openid:params:grant-type:ciba", "auth_req_id", authReqId,
                "client_id", "sandbox-ciba-client", "client_secret", "sandbox-ciba-secret");
    }
}
