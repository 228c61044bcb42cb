package dev.changeset.sandbox;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

import dev.changeset.sandbox.Applications.Application;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * The {@code authorization_code} grant on {@code /oauth/token} (main/docs/api/authentication/
 * authorization-code-flow-with-pkce/get-token-pkce.mdx): the client as {@link ClientAuthentication} checks it, the
 * code (single use, this client's), the {@code redirect_uri} of the authorization request, and the PKCE verifier
 * (RFC 7636 section 4.6, S256). Answers:
 * <ul>
 * <li>400 {@code invalid_request} "Missing required parameter: code" (authentication-api-oas.json, 400 example);</li>
 * <li>403 {@code invalid_grant} "Invalid authorization code" for an unknown, used, expired or another client's code:
 * the wording of the OAS example, with the status an Auth0 engineer reproduced for it
 * (community.auth0.com/t/authorisation-code-flow-error-403/73029; the OAS files the example under 400); a code
 * redeemed before also revokes the refresh token issued for it (RFC 6749 section 4.1.2, see
 * {@link AuthorizationCodes});</li>
 * <li>403 {@code invalid_grant} "Failed to verify code verifier" for a missing or wrong verifier (Auth0's message for
 * it; RFC 7636 section 4.6 names the code); 403 {@code invalid_grant} for another {@code redirect_uri} (RFC 6749
 * section 4.1.3; Auth0 publishes no wording for it).</li>
 * </ul>
 * A {@code resource} sent with the token request is not read: Auth0 lists {@code /authorize} and the refresh token
 * grant as where the profile reads it (resource-param-compatibility-profile.mdx, "Supported flows"), and the
 * audience was settled at {@code /authorize}.
 */
final class AuthorizationCodeGrant {

    static final String GRANT_TYPE = "authorization_code";
    private static final Pattern VERIFIER = Pattern.compile("[A-Za-z0-9\\-._~]{43,128}");

    private final Applications apps;
    private final AuthorizationCodes codes;
    private final TokenIssuer issuer;
    private final RefreshTokens refreshTokens;

    AuthorizationCodeGrant(Applications apps, AuthorizationCodes codes, TokenIssuer issuer,
            RefreshTokens refreshTokens) {
        this.apps = apps;
        this.codes = codes;
        this.issuer = issuer;
        this.refreshTokens = refreshTokens;
    }

    void register(SandboxTokenEndpoint endpoint) {
        endpoint.register(GRANT_TYPE, this::handle);
    }

    private void handle(RoutingContext ctx, MultiMap params) {
        Optional<Application> client = ClientAuthentication.authenticateFor(GRANT_TYPE, ctx, params, apps);
        if (client.isEmpty()) {
            return;
        }
        Application app = client.get();
        if (params.get("code") == null) {
            Sandbox.error(ctx, 400, "invalid_request", "Missing required parameter: code");
            return;
        }
        Optional<AuthorizationCodes.Grant> redeemed = codes.redeem(params.get("code"), app.presentedId());
        if (redeemed.isEmpty()) {
            codes.replayed(params.get("code")).filter(t -> !t.isEmpty()).ifPresent(refreshTokens::revokeFamily);
            Sandbox.error(ctx, 403, "invalid_grant", "Invalid authorization code");
            return;
        }
        AuthorizationCodes.Grant grant = redeemed.get();
        if (!grant.request().redirectUri().equals(params.get("redirect_uri"))) {
            Sandbox.error(ctx, 403, "invalid_grant", "The redirect_uri differs from the one of the authorization"
                    + " request");
            return;
        }
        String challenge = grant.request().codeChallenge();
        if (challenge != null && !verifies(params.get("code_verifier"), challenge)) {
            Sandbox.error(ctx, 403, "invalid_grant", "Failed to verify code verifier");
            return;
        }
        JsonObject tokens = issuer.forCode(grant);
        codes.redeemed(params.get("code"), grant, tokens.getString("refresh_token"));
        Sandbox.json(ctx, 200, tokens);
    }

    /** Whether BASE64URL(SHA-256(verifier)) is the challenge (RFC 7636 section 4.6, S256). */
    static boolean verifies(String verifier, String challenge) {
        if (verifier == null || !VERIFIER.matcher(verifier).matches()) {
            return false;
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            String computed = Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
            return MessageDigest.isEqual(computed.getBytes(StandardCharsets.US_ASCII),
                    challenge.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
