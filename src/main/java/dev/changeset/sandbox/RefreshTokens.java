package dev.changeset.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import dev.changeset.sandbox.DemoUsers.DemoUser;
import dev.changeset.sandbox.ResourceServers.Api;

/**
 * Refresh tokens and their families (main/docs/secure/tokens/refresh-tokens/refresh-token-rotation.mdx). With
 * rotation, each exchange invalidates the token used and returns a new one of the same family; presenting an
 * invalidated one again ("automatic reuse detection") revokes the whole family, so the legitimate holder's newest
 * token stops working too and the person must log in again. Rotation's overlap period ("leeway") is off, Auth0's
 * default (configure-refresh-token-rotation.mdx). Without rotation the token stays valid. Refresh tokens of
 * third-party applications must expire (security-controls.mdx, "Refresh token settings"): 30 days here, Auth0's
 * default absolute lifetime.
 */
final class RefreshTokens {

    static final Duration ABSOLUTE_LIFETIME = Duration.ofDays(30);

    /** What a refresh token stands for: the original grant, kept across rotations. */
    record Grant(String family, String clientId, DemoUser user, Api api, List<String> scopes, Instant expiresAt) {
    }

    private final Map<String, Grant> active = new ConcurrentHashMap<>();
    private final Map<String, String> rotatedAway = new ConcurrentHashMap<>();

    /** A new family's first token. */
    String issue(String clientId, DemoUser user, Api api, List<String> scopes) {
        String token = Applications.random(48);
        active.put(token, new Grant(Applications.random(16), clientId, user, api, List.copyOf(scopes),
                Instant.now().plus(ABSOLUTE_LIFETIME)));
        return token;
    }

    /**
     * The grant of {@code token} presented by {@code clientId}: empty when it is unknown, expired, another client's,
     * or was rotated away, in which case its whole family is revoked (reuse detection).
     */
    synchronized Optional<Grant> find(String token, String clientId) {
        if (token == null) {
            return Optional.empty();
        }
        String reusedFamily = rotatedAway.get(token);
        if (reusedFamily != null) {
            active.values().removeIf(g -> g.family().equals(reusedFamily));
            return Optional.empty();
        }
        Grant grant = active.get(token);
        if (grant == null || !grant.clientId().equals(clientId)) {
            return Optional.empty();
        }
        if (grant.expiresAt().isBefore(Instant.now())) {
            active.remove(token);
            return Optional.empty();
        }
        return Optional.of(grant);
    }

    /** Invalidates {@code token} and returns its successor in the same family; empty if it is no longer active. */
    synchronized Optional<String> rotate(String token) {
        Grant grant = active.remove(token);
        if (grant == null) {
            return Optional.empty();
        }
        rotatedAway.put(token, grant.family());
        String next = Applications.random(48);
        active.put(next, grant);
        return Optional.of(next);
    }

    /**
     * Revokes the whole family {@code token} started or belonged to, whether it is still active or was rotated away
     * (a replayed authorization code: {@link AuthorizationCodes}).
     */
    synchronized void revokeFamily(String token) {
        Grant grant = active.get(token);
        String family = grant != null ? grant.family() : rotatedAway.get(token);
        if (family != null) {
            active.values().removeIf(g -> g.family().equals(family));
        }
    }

    /** Revokes the family of {@code token} (RFC 7009 semantics for a refresh token: the grant goes with it). */
    synchronized boolean revoke(String token, String clientId) {
        Grant grant = active.get(token);
        if (grant == null || !grant.clientId().equals(clientId)) {
            return false;
        }
        active.values().removeIf(g -> g.family().equals(grant.family()));
        return true;
    }
}
