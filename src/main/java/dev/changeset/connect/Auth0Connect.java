package dev.changeset.connect;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.HttpsJwks;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.HttpsJwksVerificationKeyResolver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.changeset.ChangesetConfig;
import dev.changeset.vault.GoogleRole;

/**
 * The calls the connect page makes to Auth0, each as Auth0 documents it:
 * <ul>
 * <li>the sign-in: {@code /authorize} with {@code response_type=code}, PKCE S256, {@code audience} the My Account API
 * ({@code https://{tenant}/me/}) and scope {@code create:me:connected_accounts} (auth0/docs-v2
 * main/docs/manage-users/my-account-api.mdx and .../token-vault/connected-accounts-for-token-vault.mdx), then the
 * code at {@code /oauth/token} (grant {@code authorization_code}, {@code code_verifier}, client secret);</li>
 * <li>the access token checked here (this tenant's signature from its JWKS, issuer, audience, expiry, the scope), its
 * {@code sub} being who is in the browser;</li>
 * <li>Connected Accounts: {@code POST /me/v1/connected-accounts/connect} and {@code .../complete}, both answering
 * 201 (auth0/auth0-server-python my_account_client.py).</li>
 * </ul>
 * Tokens travel only in these requests; none is logged or shown.
 */
@ApplicationScoped
class Auth0Connect {

    static final String CONNECT_SCOPE = "create:me:connected_accounts";

    /** A refusal or an unusable answer from Auth0, said for a person (no token, no body). */
    static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

    /** What {@code /me/v1/connected-accounts/connect} answered. */
    record Started(String authSession, URI connectUri, String ticket) {
    }

    private final String issuer;
    private final ConnectConfig config;
    private final ObjectMapper json;
    private final HttpClient http;
    private final JwtConsumer myAccountTokens;

    @Inject
    Auth0Connect(ChangesetConfig changeset, ConnectConfig config, ObjectMapper json) {
        this.issuer = changeset.identity().issuer().toString();
        this.config = config;
        this.json = json;
        this.http = HttpClient.newBuilder().connectTimeout(config.auth0Timeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        HttpsJwks jwks = new HttpsJwks(issuer + ".well-known/jwks.json");
        this.myAccountTokens = new JwtConsumerBuilder()
                .setRequireExpirationTime().setRequireSubject().setAllowedClockSkewInSeconds(30)
                .setExpectedIssuer(issuer).setExpectedAudience(myAccountAudience())
                .setVerificationKeyResolver(new HttpsJwksVerificationKeyResolver(jwks))
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
                        AlgorithmIdentifiers.RSA_USING_SHA256)
                .build();
    }

    String myAccountAudience() {
        return issuer + "me/";
    }

    /** Where the browser signs in. */
    URI authorizeUrl(String redirectUri, String state, Pkce pkce) {
        return URI.create(issuer + "authorize?" + form(Map.of("response_type", "code", "client_id", clientId(),
                "redirect_uri", redirectUri, "scope", "openid " + CONNECT_SCOPE, "audience", myAccountAudience(),
                "state", state, "code_challenge", pkce.challenge(), "code_challenge_method", "S256")));
    }

    /** The code for a My Account API token, checked; returns the token and whose it is. */
    Map.Entry<String, String> signIn(String code, String redirectUri, Pkce pkce) {
        JsonNode answer = post("oauth/token", "application/x-www-form-urlencoded", form(Map.of(
                "grant_type", "authorization_code", "client_id", clientId(),
                "client_secret", config.clientSecret().orElse(""), "code", code, "redirect_uri", redirectUri,
                "code_verifier", pkce.verifier())), null, 200, "the sign-in");
        String token = answer.path("access_token").asText("");
        try {
            JwtClaims claims = myAccountTokens.processToClaims(token);
            String scope = String.valueOf(claims.getClaimValue("scope"));
            if (!List.of(scope.split(" ")).contains(CONNECT_SCOPE)) {
                throw new Refused("Auth0 did not grant " + CONNECT_SCOPE + " to the connect page");
            }
            return Map.entry(token, claims.getSubject());
        } catch (InvalidJwtException | MalformedClaimException e) {
            throw new Refused("Auth0's answer to the sign-in did not carry a valid My Account API token");
        }
    }

    Started connect(String token, String connection, String redirectUri, String state, Pkce pkce) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("connection", connection);
        body.put("redirect_uri", redirectUri);
        body.put("state", state);
        body.put("scopes", config.googleScopes().orElseGet(Auth0Connect::defaultScopes));
        body.put("code_challenge", pkce.challenge());
        body.put("code_challenge_method", "S256");
        JsonNode answer = post("me/v1/connected-accounts/connect", "application/json", write(body), token, 201,
                "starting Connected Accounts");
        String ticket = answer.path("connect_params").path("ticket").asText("");
        String uri = answer.path("connect_uri").asText("");
        if (ticket.isEmpty() || uri.isEmpty() || answer.path("auth_session").asText("").isEmpty()) {
            throw new Refused("Auth0's Connected Accounts answer lacked connect_uri, ticket or auth_session");
        }
        return new Started(answer.path("auth_session").asText(), URI.create(uri), ticket);
    }

    /** Completes the link; returns the Google scopes the person granted. */
    List<String> complete(String token, String authSession, String connectCode, String redirectUri, Pkce pkce) {
        Map<String, Object> body = Map.of("auth_session", authSession, "connect_code", connectCode,
                "redirect_uri", redirectUri, "code_verifier", pkce.verifier());
        JsonNode answer = post("me/v1/connected-accounts/complete", "application/json", write(body), token, 201,
                "completing Connected Accounts");
        return json.convertValue(answer.path("scopes"), json.getTypeFactory().constructCollectionType(List.class,
                String.class));
    }

    /** {@code openid} and {@code profile} (the least for Google, connected-accounts-for-token-vault.mdx), each role's. */
    static List<String> defaultScopes() {
        List<String> scopes = new java.util.ArrayList<>(List.of("openid", "profile"));
        for (GoogleRole role : GoogleRole.values()) {
            scopes.add(role.scope());
        }
        return scopes;
    }

    private String clientId() {
        return config.clientId().orElseThrow(() -> new Refused("the connect page has no Auth0 client"));
    }

    private JsonNode post(String path, String type, String body, String bearer, int expected, String what) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(issuer + path)).timeout(config.auth0Timeout())
                .header("Content-Type", type).header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != expected) {
                throw new Refused("Auth0 refused " + what + " (HTTP " + response.statusCode() + ")");
            }
            return json.readTree(response.body());
        } catch (IOException e) {
            throw new Refused("Auth0 did not answer " + what + " (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Refused("interrupted while " + what);
        }
    }

    private String write(Object body) {
        try {
            return json.writeValueAsString(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String form(Map<String, String> params) {
        return params.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(),
                StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }
}
