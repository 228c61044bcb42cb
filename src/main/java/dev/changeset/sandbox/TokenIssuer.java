package dev.changeset.sandbox;

import java.util.ArrayList;
import java.util.List;

import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;

import dev.changeset.sandbox.Applications.Application;
import dev.changeset.sandbox.DemoUsers.DemoUser;
import dev.changeset.sandbox.ResourceServers.Api;
import io.vertx.core.json.JsonObject;

/**
 * The token response of the user grants (main/docs/oas/authentication/authentication-api-oas.json, {@code POST
 * /oauth/token} 200): an access token for the API the person consented to ({@code aud} = its identifier, plus
 * {@code /userinfo} when {@code openid} was granted; {@code azp} = the client, the CIMD URL for an imported client:
 * register-applications-with-cimd.mdx, "Phase 2"), or an opaque one for {@code /userinfo} alone when no API was
 * named; an ID token for first-party applications that were granted {@code openid} (third-party ones get none:
 * troubleshooting.mdx); a refresh token when {@code offline_access} was granted (get-token-pkce.mdx).
 */
final class TokenIssuer {

    /** Auth0's default ID token lifetime (10 hours). */
    private static final long ID_TOKEN_LIFETIME = 36000;

    private final SandboxIdentity identity;
    private final RefreshTokens refreshTokens;
    private final UserInfoEndpoint userInfo;

    TokenIssuer(SandboxIdentity identity, RefreshTokens refreshTokens, UserInfoEndpoint userInfo) {
        this.identity = identity;
        this.refreshTokens = refreshTokens;
        this.userInfo = userInfo;
    }

    /** Tokens for a redeemed code; starts a refresh token family when {@code offline_access} was granted. */
    JsonObject forCode(AuthorizationCodes.Grant grant) {
        AuthorizationCodes.Request r = grant.request();
        String refresh = r.scopes().contains(AuthorizeEndpoint.OFFLINE_ACCESS)
                && r.app().grantTypes().contains("refresh_token")
                        ? refreshTokens.issue(r.app().presentedId(), grant.user(), r.api(), r.scopes())
                        : null;
        return response(r.app(), grant.user(), r.api(), r.scopes(), r.nonce(), refresh);
    }

    /** Tokens for a refresh: {@code scopes} (those of the grant, or fewer), the rotated refresh token if any. */
    JsonObject forRefresh(Application app, RefreshTokens.Grant grant, List<String> scopes, String nextRefreshToken) {
        return response(app, grant.user(), grant.api(), scopes, null, nextRefreshToken);
    }

    private JsonObject response(Application app, DemoUser user, Api api, List<String> scopes, String nonce,
            String refreshToken) {
        long lifetime = api == null ? 86400 : api.tokenLifetimeSeconds();
        JsonObject answer = new JsonObject()
                .put("access_token", api == null ? userInfo.issueOpaque(user, scopes, lifetime)
                        : accessToken(app, user, api, scopes, lifetime))
                .put("token_type", "Bearer").put("expires_in", lifetime).put("scope", String.join(" ", scopes));
        if (app.firstParty() && scopes.contains("openid")) {
            answer.put("id_token", idToken(app, user, nonce));
        }
        if (refreshToken != null) {
            answer.put("refresh_token", refreshToken);
        }
        return answer;
    }

    private String accessToken(Application app, DemoUser user, Api api, List<String> scopes, long lifetime) {
        JwtClaims claims = base(user, lifetime);
        List<String> audience = new ArrayList<>(List.of(api.identifier()));
        if (scopes.contains("openid")) {
            audience.add(identity.issuer() + "userinfo");
        }
        claims.setAudience(audience);
        claims.setClaim("azp", app.presentedId());
        claims.setClaim("scope", String.join(" ", scopes));
        // As the demo tokens do (SandboxIdentity.mint): a real tenant adds the email with an Action, often under a
        // namespaced claim (changeset.identity.email-claim).
        claims.setClaim("email", user.email());
        return identity.sign(claims);
    }

    private String idToken(Application app, DemoUser user, String nonce) {
        JwtClaims claims = base(user, ID_TOKEN_LIFETIME);
        claims.setAudience(app.presentedId());
        if (nonce != null) {
            claims.setClaim("nonce", nonce);
        }
        claims.setClaim("name", user.name());
        claims.setClaim("email", user.email());
        claims.setClaim("email_verified", true);
        return identity.sign(claims);
    }

    private JwtClaims base(DemoUser user, long lifetime) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(identity.issuer());
        claims.setSubject(user.subject());
        NumericDate now = NumericDate.now();
        claims.setIssuedAt(now);
        claims.setExpirationTime(NumericDate.fromSeconds(now.getValue() + lifetime));
        claims.setGeneratedJwtId();
        return claims;
    }
}
