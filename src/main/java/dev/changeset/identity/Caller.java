package dev.changeset.identity;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * On whose behalf a tool call acts: the validated subject of the bearer token, never an argument. Passed
 * explicitly down the pipeline (no thread-locals).
 *
 * @param subject the Auth0 user id ({@code sub})
 * @param email the user's address when the token carries it
 * @param clientId the orchestrating client ({@code azp}, else {@code client_id})
 * @param scopes the MCP scopes the token holds
 * @param expiresAt when the access token expires
 * @param token the raw token, only for Token Vault
 */
public record Caller(String subject, Optional<String> email, Optional<String> clientId, Set<String> scopes,
        Instant expiresAt, AccessToken token) {

    public boolean holds(McpScope scope) {
        return scopes.contains(scope.value());
    }
}
