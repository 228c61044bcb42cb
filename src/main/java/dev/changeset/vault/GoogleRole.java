package dev.changeset.vault;

import java.util.Set;

/**
 * The roles that act on Google for a user, each with the one Google scope it must hold. Token Vault has no
 * {@code scope} parameter: the Google token carries whatever the user granted when connecting Google, so each
 * role checks the returned scopes itself before it acts (least privilege is enforced here, not at Google).
 */
public enum GoogleRole {
    /** Reads the catalog and the launch schedule, and reads back after a write. */
    READER("https://www.googleapis.com/auth/spreadsheets.readonly",
            Set.of("https://www.googleapis.com/auth/spreadsheets")),
    /** Writes approved operations, and nothing else. */
    WRITER("https://www.googleapis.com/auth/spreadsheets", Set.of()),
    /** Sends receipts by email. */
    NOTIFIER("https://www.googleapis.com/auth/gmail.send", Set.of());

    private final String scope;
    private final Set<String> broaderScopes;

    GoogleRole(String scope, Set<String> broaderScopes) {
        this.scope = scope;
        this.broaderScopes = broaderScopes;
    }

    /** The Google scope this role needs (and asks the user to grant when it is missing). */
    public String scope() {
        return scope;
    }

    /** True when the granted scopes hold this role's scope, or a broader one that includes it. */
    public boolean satisfiedBy(Set<String> granted) {
        return granted.contains(scope) || granted.stream().anyMatch(broaderScopes::contains);
    }
}
