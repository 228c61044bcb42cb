package dev.changeset.vault;

import dev.changeset.identity.Caller;

/**
 * Turns a user's Auth0 access token into a Google token through Auth0 Token Vault (the access-token exchange of
 * docs/protocols.md section 3), checked for the role that will use it. One exchange per (user, connection) while the
 * Google token lives; {@link #invalidate(String)} drops it when Google answers 401.
 */
public interface TokenVault {

    /**
     * A Google token for {@code delegation}'s user whose scopes satisfy {@code role}.
     *
     * @throws TokenVaultException with what the user or the operator can do about it
     */
    GoogleAccess exchange(Delegation delegation, GoogleRole role);

    /** The caller's own token exchanged for {@code role}. */
    default GoogleAccess exchange(Caller caller, GoogleRole role) {
        return exchange(Delegation.of(caller), role);
    }

    /** Forgets every cached Google token of {@code subject}, so the next call exchanges again. */
    void invalidate(String subject);
}
