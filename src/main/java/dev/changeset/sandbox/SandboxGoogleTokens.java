package dev.changeset.sandbox;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.vertx.ext.web.RoutingContext;

/**
 * The Google access tokens the sandbox's Token Vault has issued: opaque {@code ya29.sandbox.*} strings that the
 * Sheets and Gmail emulators accept while they are unexpired and not revoked, each remembering whose it is, which
 * scopes it carries and which exchange made it.
 */
public final class SandboxGoogleTokens {

    /** One issued token. {@code exchangeId} names the sandbox-side exchange that made it. */
    public record GoogleGrant(String token, String subject, String exchangeId, Set<String> scopes, Instant expiresAt) {

        public boolean allows(String scope) {
            return scopes.contains(scope);
        }
    }

    private final SecureRandom random = new SecureRandom();
    private final AtomicLong exchanges = new AtomicLong();
    private final Map<String, GoogleGrant> byToken = new ConcurrentHashMap<>();
    private final Set<String> revoked = ConcurrentHashMap.newKeySet();

    GoogleGrant issue(String subject, Set<String> scopes, long expiresInSeconds) {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        String token = "ya29.sandbox." + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        GoogleGrant grant = new GoogleGrant(token, subject, "sbx-exchange-" + exchanges.incrementAndGet(),
                Set.copyOf(scopes), Instant.now().plusSeconds(expiresInSeconds));
        byToken.put(token, grant);
        return grant;
    }

    /** The grant behind a bearer token Google would accept now: known, unexpired, not revoked. */
    /** These tokens as other Google emulators (Gmail) look them up. */
    GoogleTokenIntrospection introspection() {
        return token -> find(token).map(g -> new GoogleTokenIntrospection.GoogleGrant(g.subject(),
                DemoUsers.find(g.subject()).map(DemoUsers.DemoUser::email).orElse(null), g.scopes(), g.expiresAt()));
    }

    public Optional<GoogleGrant> find(String token) {
        if (token == null || revoked.contains(token)) {
            return Optional.empty();
        }
        return Optional.ofNullable(byToken.get(token)).filter(g -> g.expiresAt().isAfter(Instant.now()));
    }

    /** The grant behind the request's {@code Authorization: Bearer} header, if Google would accept it. */
    public Optional<GoogleGrant> authorize(RoutingContext ctx) {
        return bearer(ctx).flatMap(this::find);
    }

    /** The grant a presented token was issued as, valid or not (to say in a call log whose token was refused). */
    public Optional<GoogleGrant> presented(RoutingContext ctx) {
        return bearer(ctx).map(byToken::get);
    }

    private static Optional<String> bearer(RoutingContext ctx) {
        String header = ctx.request().getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        return Optional.of(header.substring(7).trim());
    }

    /** Revokes every token issued to {@code subject} (as Google does when the user removes the app). */
    int revokeAll(String subject) {
        List<String> tokens = byToken.values().stream().filter(g -> g.subject().equals(subject))
                .map(GoogleGrant::token).toList();
        revoked.addAll(tokens);
        return tokens.size();
    }

    /** Every token issued to {@code subject}, newest last (test support: lets a test search logs for them). */
    List<GoogleGrant> issuedTo(String subject) {
        return byToken.values().stream().filter(g -> g.subject().equals(subject))
                .sorted((a, b) -> Long.compare(number(a), number(b))).toList();
    }

    private static long number(GoogleGrant grant) {
        return Long.parseLong(grant.exchangeId().substring("sbx-exchange-".length()));
    }
}
