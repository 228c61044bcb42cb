package dev.changeset.sandbox;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * Who a Google access token belongs to and what it may do: what Google's own servers know about each token they
 * issued. The sandbox's Google APIs ask this before answering. Token Vault's emulator will register the tokens it
 * issues; until then tests register them through {@link RegisteredGoogleTokens}.
 */
public interface GoogleTokenIntrospection {

    /** The grant behind an access token; empty when Google never issued it (or forgot it). */
    Optional<GoogleGrant> find(String accessToken);

    /**
     * One issued Google access token.
     *
     * @param subject the Auth0 user it was issued for
     * @param email the Google account's address (Gmail sends as it)
     * @param scopes the Google OAuth scopes it carries
     * @param expiresAt when it stops working
     */
    record GoogleGrant(String subject, String email, Set<String> scopes, Instant expiresAt) {

        public boolean expired() {
            return !Instant.now().isBefore(expiresAt);
        }
    }
}
