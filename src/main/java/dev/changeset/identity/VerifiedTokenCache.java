package dev.changeset.identity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

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
 * signature check and the three JSON parses of its claims (about a third of the CPU of a {@code get_session} call,
 * measured with JFR under {@code src/bench/load.sh}). An MCP client sends the same token on every request of a
 * session, so nearly every request after the first is a hit.
 * <p>
 * What a hit still guarantees, and why:
 * <ul>
 * <li>The key is the whole token, header, claims and signature: a token differing in one character (another
 * signature over the same claims, another {@code alg}) is a miss and goes to quarkus-oidc, which refuses it. Only
 * tokens quarkus-oidc accepted are stored; refusals are not remembered.</li>
 * <li>An entry never outlives the token: it is dropped at {@code exp} (quarkus-oidc allows no clock skew here, so a
 * hit is never accepted later than a check would be), and after {@code changeset.identity.verified-token-ttl}
 * at most, which bounds how long a token signed with a key since withdrawn from the issuer's JWKS keeps working.
 * Every check quarkus-oidc makes ({@code iss}, {@code aud}, {@code nbf}, {@code exp}, {@code iat} through
 * {@link IssuedAtValidator}) gives the same answer for the same token until {@code exp}.</li>
 * <li>A token bound to the request it comes with (a {@code cnf} claim: mTLS or DPoP binding) is never stored, and a
 * request carrying a DPoP proof or a client certificate thumbprint is never served from the cache: those checks
 * depend on the request, not the token.</li>
 * <li>The identity served on a hit carries this request's routing context, not the first request's; augmentors run
 * on it as on any other.</li>
 * </ul>
 * This server has one OIDC tenant (the default); with several, the key would have to include the tenant.
 * <p>
 * Meters: Caffeine's statistics as {@code cache.gets{cache="verified-tokens", result=hit|miss}}, size, evictions.
 */
@ApplicationScoped
class VerifiedTokenCache implements IdentityProvider<TokenAuthenticationRequest> {

    /** Before quarkus-oidc's {@link OidcIdentityProvider} ({@code SYSTEM_FIRST + 1}), which this one calls on a miss. */
    private static final int PRIORITY = SYSTEM_FIRST + 100;

    private record Verified(SecurityIdentity identity, Instant expiresAt) {
    }

    private final IdentityProvider<TokenAuthenticationRequest> verifier;
    private final Clock clock;
    private final boolean enabled;
    private final Cache<String, Verified> verified;

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
                .expireAfter(Expiry.<String, Verified>creating(
                        (token, entry) -> keepFor(clock.instant(), entry.expiresAt(), ttl)))
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
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        if (!(request.getToken() instanceof AccessTokenCredential credential)) {
            return Uni.createFrom().nullItem(); // not a bearer access token: the next provider decides
        }
        RoutingContext routing = HttpSecurityUtils.getRoutingContextAttribute(request);
        if (!enabled || routing == null || boundToTheRequest(routing)) {
            return verifier.authenticate(request, context);
        }
        String token = credential.getToken();
        Verified hit = verified.getIfPresent(token);
        if (hit != null && clock.instant().isBefore(hit.expiresAt())) {
            return Uni.createFrom().item(forThisRequest(hit.identity(), routing, context));
        }
        return verifier.authenticate(request, context).invoke(identity -> remember(token, identity));
    }

    private void remember(String token, SecurityIdentity identity) {
        if (storable(identity)) {
            JsonWebToken jwt = (JsonWebToken) identity.getPrincipal();
            verified.put(token, new Verified(identity, Instant.ofEpochSecond(jwt.getExpirationTime())));
        }
    }

    /** A verified JWT with an expiry and no binding to the request it came with ({@code cnf}). */
    static boolean storable(SecurityIdentity identity) {
        return identity != null && !identity.isAnonymous() && identity.getPrincipal() instanceof JsonWebToken jwt
                && jwt.getClaim("cnf") == null && jwt.getExpirationTime() > 0;
    }

    /** How long an entry is kept: until the token expires, and {@code ttl} at most. */
    static Duration keepFor(Instant now, Instant expiresAt, Duration ttl) {
        Duration left = Duration.between(now, expiresAt);
        return left.isNegative() ? Duration.ZERO : left.compareTo(ttl) < 0 ? left : ttl;
    }

    /** DPoP and mTLS binding are checked against the request; such a request always goes through quarkus-oidc. */
    private static boolean boundToTheRequest(RoutingContext routing) {
        return routing.get(OidcUtils.DPOP_PROOF) != null || routing.get("x5t#S256") != null;
    }

    /** The cached identity with this request's routing context (quarkus-oidc puts both in every identity it makes). */
    private static SecurityIdentity forThisRequest(SecurityIdentity cached, RoutingContext routing,
            AuthenticationRequestContext context) {
        routing.put(AuthenticationRequestContext.class.getName(), context);
        return QuarkusSecurityIdentity.builder(cached)
                .addAttribute(RoutingContext.class.getName(), routing)
                .addAttribute(AuthenticationRequestContext.class.getName(), context)
                .build();
    }
}
