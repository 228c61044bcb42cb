package dev.changeset.identity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.jwt.JsonWebToken;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.oidc.OidcTenantConfig;
import io.quarkus.oidc.common.runtime.OidcConstants;
import io.quarkus.oidc.runtime.OidcIdentityProvider;
import io.quarkus.oidc.runtime.OidcUtils;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

import dev.changeset.ChangesetConfig;

/**
 * Remembers bearer tokens quarkus-oidc has verified, so the next request with the same token skips the RS256
 * signature check and the three JSON parses of its claims: {@code get_session} at 16 connections under
 * {@code src/bench/load.sh} takes 104 us of CPU per call with the cache and 190 us without it. An MCP client sends
 * the same token on every request of a session, so nearly every request after the first is a hit.
 * <p>
 * What a hit still guarantees, and why:
 * <ul>
 * <li>The key is the request's OIDC tenant and the whole token, header, claims and signature: a token with another
 * signature over the same claims, or another {@code alg}, is a miss and goes to quarkus-oidc, which refuses it. Only
 * tokens quarkus-oidc accepted are stored; refusals are not remembered.</li>
 * <li>An entry never outlives the token: it is dropped at {@code exp} (quarkus-oidc allows no clock skew here unless
 * {@code lifespan-grace} is set, so a hit is never accepted later than a check would be), and after
 * {@code changeset.identity.verified-token-ttl} at most, which bounds how long a token signed with a key since
 * withdrawn from the issuer's JWKS keeps working. Every check quarkus-oidc makes here ({@code iss}, {@code aud},
 * {@code alg}, {@code nbf}, {@code exp}, {@code iat} through {@link IssuedAtValidator}) gives the same answer for the
 * same token until {@code exp}.</li>
 * <li>Whatever quarkus-oidc checks against the request or the passing time goes through quarkus-oidc every time: a
 * tenant with token binding (mTLS, DPoP), a maximum token age, UserInfo, or encrypted access tokens is never cached,
 * nor is a token carrying a {@code cnf} claim or a request carrying a DPoP proof or a certificate thumbprint.</li>
 * <li>What is stored holds nothing of the request it was verified for (quarkus-oidc puts the routing context in every
 * identity; kept, it would hold the request and its body alive for the TTL). A hit is that identity with this
 * request's routing context; augmentors run on it as on any other.</li>
 * </ul>
 * Meters: Caffeine's statistics as {@code cache.gets{cache="verified-tokens", result=hit|miss}}, size, evictions.
 */
@ApplicationScoped
class VerifiedTokenCache implements IdentityProvider<TokenAuthenticationRequest> {

    /** Before quarkus-oidc's {@link OidcIdentityProvider} ({@code SYSTEM_FIRST + 1}), which it calls on a miss. */
    private static final int PRIORITY = SYSTEM_FIRST + 100;

    /** The identity attributes quarkus-oidc sets from the request the identity was made for. */
    private static final String ROUTING = RoutingContext.class.getName();
    private static final String REQUEST_CONTEXT = AuthenticationRequestContext.class.getName();

    private record Key(String tenant, String token) {
    }

    private record Verified(SecurityIdentity identity, Instant expiresAt) {
    }

    private final IdentityProvider<TokenAuthenticationRequest> verifier;
    private final Clock clock;
    private final boolean enabled;
    private final Cache<Key, Verified> verified;

    @Inject
    VerifiedTokenCache(OidcIdentityProvider oidc, ChangesetConfig config, MeterRegistry meters) {
        this(oidc, config.identity().verifiedTokenTtl(), config.identity().verifiedTokensMax(), Clock.systemUTC(),
                Ticker.systemTicker());
        CaffeineCacheMetrics.monitor(meters, verified, "verified-tokens");
    }

    VerifiedTokenCache(IdentityProvider<TokenAuthenticationRequest> verifier, Duration ttl, long maxTokens, Clock clock,
            Ticker ticker) {
        this.verifier = verifier;
        this.clock = clock;
        this.enabled = !ttl.isNegative() && !ttl.isZero() && maxTokens > 0;
        this.verified = Caffeine.newBuilder()
                .maximumSize(Math.max(maxTokens, 0))
                .ticker(ticker)
                .expireAfter(Expiry.<Key, Verified>creating(
                        (key, entry) -> keepFor(clock.instant(), entry.expiresAt(), ttl)))
                .recordStats()
                .build();
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    @Override
    public int priority() {
        return PRIORITY;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request,
            AuthenticationRequestContext context) {
        if (!(request.getToken() instanceof AccessTokenCredential credential)) {
            return Uni.createFrom().nullItem(); // not a bearer access token: the next provider decides
        }
        RoutingContext routing = HttpSecurityUtils.getRoutingContextAttribute(request);
        // quarkus-oidc's mechanism resolves the request's tenant before any identity provider runs
        OidcTenantConfig tenant = routing == null ? null : routing.get(OidcTenantConfig.class.getName());
        if (!enabled || tenant == null || !cacheable(tenant) || boundToTheRequest(routing)) {
            return verifier.authenticate(request, context);
        }
        Key key = new Key(tenant.tenantId().orElse(OidcUtils.DEFAULT_TENANT_ID), credential.getToken());
        Verified hit = verified.getIfPresent(key);
        if (hit != null && clock.instant().isBefore(hit.expiresAt())) {
            routing.put(REQUEST_CONTEXT, context); // as quarkus-oidc does before it verifies
            return Uni.createFrom().item(copy(hit.identity(), routing, context));
        }
        return verifier.authenticate(request, context).invoke(identity -> remember(key, identity));
    }

    private void remember(Key key, SecurityIdentity identity) {
        if (storable(identity)) {
            JsonWebToken jwt = (JsonWebToken) identity.getPrincipal();
            verified.put(key, new Verified(copy(identity, null, null), Instant.ofEpochSecond(jwt.getExpirationTime())));
        }
    }

    /** What is kept for a token of a tenant, if anything (for tests: it must hold nothing of a request). */
    Optional<SecurityIdentity> kept(String tenant, String token) {
        return Optional.ofNullable(verified.getIfPresent(new Key(tenant, token))).map(Verified::identity);
    }

    /** A verified JWT with an expiry and no binding to the request it came with ({@code cnf}). */
    static boolean storable(SecurityIdentity identity) {
        return identity != null && !identity.isAnonymous() && identity.getPrincipal() instanceof JsonWebToken jwt
                && jwt.getClaim("cnf") == null && jwt.getExpirationTime() > 0;
    }

    /**
     * False for a tenant where quarkus-oidc's answer for the same token can change with the request or the time, or
     * needs a call to the identity provider: token binding, a maximum token age, UserInfo, encrypted access tokens.
     */
    static boolean cacheable(io.quarkus.oidc.runtime.OidcTenantConfig tenant) {
        io.quarkus.oidc.runtime.OidcTenantConfig.Token token = tenant.token();
        return token.age().isEmpty() && !token.decryptAccessToken()
                && !token.verifyAccessTokenWithUserInfo().orElse(false) && !token.binding().certificate()
                && !OidcUtils.isDPoPScheme(token.authorizationScheme())
                && !tenant.authentication().userInfoRequired().orElse(false);
    }

    /** How long an entry is kept: until the token expires, and {@code ttl} at most. */
    static Duration keepFor(Instant now, Instant expiresAt, Duration ttl) {
        Duration left = Duration.between(now, expiresAt);
        return left.isNegative() ? Duration.ZERO : left.compareTo(ttl) < 0 ? left : ttl;
    }

    /** DPoP and mTLS binding are checked against the request; such a request always goes through quarkus-oidc. */
    private static boolean boundToTheRequest(RoutingContext routing) {
        return routing.get(OidcUtils.DPOP_PROOF) != null || routing.get(OidcConstants.X509_SHA256_THUMBPRINT) != null;
    }

    /**
     * The identity without the attributes of the request it was made for, and with {@code routing}'s when given:
     * principal, credentials, roles, permissions (the scopes, which quarkus-oidc adds as permissions) and the
     * tenant's attributes are the token's and the same for every request.
     */
    private static SecurityIdentity copy(SecurityIdentity identity, RoutingContext routing,
            AuthenticationRequestContext context) {
        QuarkusSecurityIdentity.Builder builder = QuarkusSecurityIdentity.builder()
                .setPrincipal(identity.getPrincipal())
                .addCredentials(identity.getCredentials())
                .addRoles(identity.getRoles())
                .addPermissions(identity.getPermissions());
        identity.getAttributes().forEach((name, value) -> {
            if (!name.equals(ROUTING) && !name.equals(REQUEST_CONTEXT) && !(value instanceof RoutingContext)
                    && !(value instanceof AuthenticationRequestContext)) {
                builder.addAttribute(name, value);
            }
        });
        if (routing != null) {
            builder.addAttribute(ROUTING, routing).addAttribute(REQUEST_CONTEXT, context);
        }
        return builder.build();
    }
}
