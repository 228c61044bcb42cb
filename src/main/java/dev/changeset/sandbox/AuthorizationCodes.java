package dev.changeset.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import dev.changeset.sandbox.Applications.Application;
import dev.changeset.sandbox.DemoUsers.DemoUser;
import dev.changeset.sandbox.ResourceServers.Api;

/**
 * Authorization requests between {@code /authorize} and the redirect back (the login transaction, keyed by the
 * {@code state} of Auth0's Universal Login pages), then the codes issued for them. A code is good once, for ten
 * minutes at most (RFC 6749 section 4.1.2), for the client it was issued to; presenting it consumes it, whatever
 * the outcome, so a wrong {@code code_verifier} cannot be retried against it (RFC 7636 section 4.6 leaves that to the
 * server). A code that was redeemed is remembered for the rest of its lifetime with the refresh token issued for it:
 * "If an authorization code is used more than once, the authorization server MUST deny the request and SHOULD revoke
 * (when possible) all tokens previously issued based on that authorization code" (RFC 6749 section 4.1.2; OAuth 2.1
 * section 4.1.3), so a replay revokes that refresh token's family ({@link AuthorizationCodeGrant}). The access
 * token, a signed JWT as Auth0's are, is not revocable and lives out its lifetime.
 */
final class AuthorizationCodes {

    static final Duration LIFETIME = Duration.ofMinutes(10);

    /**
     * What was asked at {@code /authorize} and checked there. {@code api} is null when the request named no API
     * (Auth0 then issues an opaque token good only for {@code /userinfo}); {@code scopes} are those that may be
     * granted.
     */
    record Request(Application app, String redirectUri, String state, String codeChallenge, Api api,
            List<String> scopes, String nonce) {
    }

    /** A request once someone logged in, with its expiry. */
    record Pending(String id, Request request, DemoUser user, Instant expiresAt) {
    }

    /** An issued code: what it grants. */
    record Grant(Request request, DemoUser user, Instant expiresAt) {
    }

    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final Map<String, Grant> codes = new ConcurrentHashMap<>();
    /** Redeemed codes, until they would have expired: the refresh token issued for each ("" for none). */
    private final Map<String, Redeemed> redeemed = new ConcurrentHashMap<>();

    private record Redeemed(String refreshToken, Instant expiresAt) {
    }

    /** Starts a login transaction for a checked request; returns its id. */
    String begin(Request request) {
        String id = Applications.random(32);
        pending.put(id, new Pending(id, request, null, Instant.now().plus(LIFETIME)));
        return id;
    }

    Optional<Pending> pending(String id) {
        Pending p = id == null ? null : pending.get(id);
        if (p != null && p.expiresAt().isBefore(Instant.now())) {
            pending.remove(id);
            return Optional.empty();
        }
        return Optional.ofNullable(p);
    }

    void loggedIn(String id, DemoUser user) {
        pending.computeIfPresent(id, (k, p) -> new Pending(id, p.request(), user, p.expiresAt()));
    }

    /** Ends a transaction the person declined or that failed; its id is then unknown. */
    void abandon(String id) {
        pending.remove(id);
    }

    /** Ends a consented transaction with a new code. */
    String issue(Pending consented) {
        pending.remove(consented.id());
        String code = Applications.random(43);
        codes.put(code, new Grant(consented.request(), consented.user(), Instant.now().plus(LIFETIME)));
        return code;
    }

    /** The grant of {@code code} if it is unused, unexpired and was issued to {@code clientId}; consumed either way. */
    Optional<Grant> redeem(String code, String clientId) {
        Grant grant = code == null ? null : codes.remove(code);
        if (grant == null || grant.expiresAt().isBefore(Instant.now())
                || !grant.request().app().presentedId().equals(clientId)) {
            return Optional.empty();
        }
        return Optional.of(grant);
    }

    /** Notes that {@code code}, of {@code grant}, was redeemed for tokens with this refresh token (null: none). */
    void redeemed(String code, Grant grant, String refreshToken) {
        Instant now = Instant.now();
        redeemed.values().removeIf(r -> r.expiresAt().isBefore(now));
        redeemed.put(code, new Redeemed(refreshToken == null ? "" : refreshToken, grant.expiresAt()));
    }

    /**
     * When {@code code} was redeemed before (this is a replay): the refresh token issued then, or an empty string if
     * none was; the note is consumed, since what it points to is revoked once.
     */
    Optional<String> replayed(String code) {
        Redeemed r = code == null ? null : redeemed.remove(code);
        return r == null || r.expiresAt().isBefore(Instant.now()) ? Optional.empty() : Optional.of(r.refreshToken());
    }
}
