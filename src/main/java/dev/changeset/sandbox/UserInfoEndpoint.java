package dev.changeset.sandbox;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;

import dev.changeset.sandbox.DemoUsers.DemoUser;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /userinfo} (and {@code POST}, as OpenID Connect Core section 5.3.1 allows), which the discovery
 * document advertises as {@code userinfo_endpoint}: Auth0's "Get User Info" (main/docs/api/authentication/
 * user-profile/get-user-info.mdx): "This endpoint will work only if {@code openid} was granted as a scope for the
 * Access Token". The token is either the opaque one Auth0 issues when a request names no API (main/docs/secure/
 * tokens/access-tokens/get-access-tokens.mdx, "Control access token audience": "/userinfo endpoint | Opaque"), kept
 * here until it expires, or a JWT whose audience includes the tenant's {@code /userinfo}. The answer holds
 * {@code sub}, with {@code profile} the name and nickname, with {@code email} the email and
 * {@code email_verified} (the page's response schema); anything else is 401 {@code invalid_token} with a
 * {@code WWW-Authenticate: Bearer} challenge (RFC 6750 section 3.1).
 */
final class UserInfoEndpoint {

    private record Opaque(DemoUser user, List<String> scopes, Instant expiresAt) {
    }

    private final SandboxIdentity identity;
    private final Map<String, Opaque> opaque = new ConcurrentHashMap<>();

    UserInfoEndpoint(SandboxIdentity identity) {
        this.identity = identity;
    }

    void mount(Router router) {
        router.get("/userinfo").handler(this::answer);
        router.post("/userinfo").handler(this::answer);
    }

    /** A new opaque access token for {@code /userinfo} alone, good for {@code lifetimeSeconds}. */
    String issueOpaque(DemoUser user, List<String> scopes, long lifetimeSeconds) {
        Instant now = Instant.now();
        opaque.values().removeIf(o -> o.expiresAt().isBefore(now));
        String token = Applications.random(32);
        opaque.put(token, new Opaque(user, List.copyOf(scopes), now.plusSeconds(lifetimeSeconds)));
        return token;
    }

    private void answer(RoutingContext ctx) {
        String header = ctx.request().getHeader("Authorization");
        String token = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim()
                : null;
        Optional<Opaque> holder = token == null ? Optional.empty() : holder(token);
        if (holder.isEmpty() || !holder.get().scopes().contains("openid")) {
            ctx.response().putHeader("WWW-Authenticate", token == null ? "Bearer"
                    : "Bearer error=\"invalid_token\", error_description=\"the token is not valid for /userinfo\"");
            Sandbox.error(ctx, 401, "invalid_token", "The access token is not valid for /userinfo (it needs the"
                    + " openid scope)");
            return;
        }
        DemoUser user = holder.get().user();
        List<String> scopes = holder.get().scopes();
        JsonObject claims = new JsonObject().put("sub", user.subject());
        if (scopes.contains("profile")) {
            claims.put("name", user.name()).put("nickname", user.handle());
        }
        if (scopes.contains("email")) {
            claims.put("email", user.email()).put("email_verified", true);
        }
        Sandbox.json(ctx, 200, claims);
    }

    /** Who the token stands for and its scopes: an unexpired opaque token, or a JWT for this {@code /userinfo}. */
    private Optional<Opaque> holder(String token) {
        Opaque o = opaque.get(token);
        if (o != null) {
            return o.expiresAt().isAfter(Instant.now()) ? Optional.of(o) : Optional.empty();
        }
        Optional<JwtClaims> claims = identity.verify(token, identity.issuer() + "userinfo");
        if (claims.isEmpty()) {
            return Optional.empty();
        }
        try {
            String subject = claims.get().getSubject();
            Object scope = claims.get().getClaimValue("scope");
            return DemoUsers.ALL.stream().filter(u -> u.subject().equals(subject)).findFirst()
                    .map(u -> new Opaque(u, scope instanceof String s ? Arrays.asList(s.split(" ")) : List.of(),
                            Instant.MAX));
        } catch (MalformedClaimException e) {
            return Optional.empty();
        }
    }
}
