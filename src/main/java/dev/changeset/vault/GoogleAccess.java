package dev.changeset.vault;

import java.time.Instant;
import java.util.Set;

/**
 * A Google token that Token Vault issued for one user, checked for one role.
 *
 * @param tokenExchangeId a fresh id for each actual exchange with Auth0 (the same id while the token is served
 *        from the cache); receipts cite it, logs may name it
 * @param role the role whose scope was checked against {@code grantedScopes}
 * @param subject the Auth0 user the token acts for
 * @param grantedScopes the Google scopes Token Vault reported for the token
 * @param expiresAt when Google stops accepting the token
 * @param fromCache true when no exchange happened for this call
 * @param token the Google token itself, redacted in {@code toString}
 */
public record GoogleAccess(String tokenExchangeId, GoogleRole role, String subject, Set<String> grantedScopes,
        Instant expiresAt, boolean fromCache, GoogleToken token) {
}
