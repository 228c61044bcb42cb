package dev.changeset.sandbox;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.changeset.support.SandboxClient;
import io.vertx.core.json.JsonObject;

/**
 * An OAuth client of the sandbox tenant for its tests: registers itself (DCR, or as a first-party application),
 * builds authorization URLs with a fresh PKCE pair, and redeems codes, all over HTTP.
 */
final class OAuthClientFixture {

    static final String CALLBACK = "http://127.0.0.1:9/callback";

    final SandboxClient sandbox;
    final JsonObject registration;
    final String verifier = verifier();

    private OAuthClientFixture(SandboxClient sandbox, JsonObject registration) {
        this.sandbox = sandbox;
        this.registration = registration;
    }

    /**
     * A public client registered by DCR, as MCP clients register. The tenant admits five registrations a second; a
     * 429 is waited out as a client would, a second at a time.
     */
    static OAuthClientFixture registered(SandboxClient sandbox) {
        JsonObject request = new JsonObject().put("client_name", "Test MCP client")
                .put("redirect_uris", List.of(CALLBACK)).put("token_endpoint_auth_method", "none")
                .put("grant_types", List.of("authorization_code", "refresh_token"))
                .put("response_types", List.of("code"));
        for (int attempt = 1;; attempt++) {
            JsonObject answer = sandbox.postForStatus("/oidc/register", request);
            if (answer.getInteger("_status") != 429 || attempt == 5) {
                if (answer.getInteger("_status") != 201) {
                    throw new IllegalStateException("/oidc/register answered " + answer.encode());
                }
                answer.remove("_status");
                return new OAuthClientFixture(sandbox, answer);
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** A confidential first-party application (the Management API's shape). */
    static OAuthClientFixture firstParty(SandboxClient sandbox) {
        return new OAuthClientFixture(sandbox, sandbox.post("/sandbox/clients", new JsonObject()
                .put("name", "Changeset connect page").put("callbacks", List.of(CALLBACK))
                .put("grant_types", List.of("authorization_code", "refresh_token"))));
    }

    String clientId() {
        return registration.getString("client_id");
    }

    /** An authorization URL with S256 PKCE, {@code resource} and these extra or replaced parameters. */
    String authorizeUrl(Map<String, String> overrides) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("response_type", "code");
        q.put("client_id", clientId());
        q.put("redirect_uri", CALLBACK);
        q.put("scope", "changeset:read changeset:write offline_access");
        q.put("state", "st-123");
        q.put("code_challenge", challenge(verifier));
        q.put("code_challenge_method", "S256");
        q.put("resource", Sandbox.DEFAULT_MCP_RESOURCE);
        q.putAll(overrides);
        return sandbox.url() + "/authorize?" + q.entrySet().stream().filter(e -> e.getValue() != null)
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&"));
    }

    /** Redeems {@code code} with this client's verifier and callback; the answer carries {@code _status}. */
    JsonObject redeem(String code) {
        return redeem(code, verifier, CALLBACK);
    }

    JsonObject redeem(String code, String codeVerifier, String redirectUri) {
        Map<String, String> form = credentials();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("code_verifier", codeVerifier);
        form.put("redirect_uri", redirectUri);
        return sandbox.postForm("/oauth/token", form);
    }

    JsonObject refresh(String refreshToken, Map<String, String> extra) {
        Map<String, String> form = credentials();
        form.put("grant_type", "refresh_token");
        form.put("refresh_token", refreshToken);
        form.putAll(extra);
        return sandbox.postForm("/oauth/token", form);
    }

    Map<String, String> credentials() {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("client_id", clientId());
        if (registration.getString("client_secret") != null) {
            form.put("client_secret", registration.getString("client_secret"));
        }
        return form;
    }

    static String verifier() {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    static String challenge(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The claims of a JWT, unverified (the tests check what the sandbox put in). */
    static JsonObject claims(String jwt) {
        return new JsonObject(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
