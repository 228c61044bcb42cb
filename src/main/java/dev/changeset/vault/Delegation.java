package dev.changeset.vault;

import java.util.Objects;
import java.util.Optional;

import dev.changeset.identity.AccessToken;
import dev.changeset.identity.Caller;

/**
 * On whose behalf Token Vault is asked, and with which Auth0 access token. The subject and the subject token are
 * separate on purpose: the Reader exchanges the caller's own token, while the Writer may exchange the access token
 * that an approval returned for the same user after the caller has gone.
 *
 * @param subject the Auth0 user id the exchange is for (the cache key)
 * @param subjectToken an Auth0 access token of that user whose audience is this server's API
 * @param loginHint picks one of several connected Google accounts, when the user has more than one
 */
public record Delegation(String subject, AccessToken subjectToken, Optional<String> loginHint) {

    public Delegation {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(subjectToken, "subjectToken");
        Objects.requireNonNull(loginHint, "loginHint");
    }

    /** The caller's own delegation: their subject and the bearer token of this request. */
    public static Delegation of(Caller caller) {
        return new Delegation(caller.subject(), caller.token(), Optional.empty());
    }
}
