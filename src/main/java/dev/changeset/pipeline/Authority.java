package dev.changeset.pipeline;

import dev.changeset.vault.Delegation;

/**
 * Whose token the Writer exchanges at Token Vault, and where it came from: the access token the CIBA approval
 * itself returned ({@code ciba-approval}), or the caller's own token ({@code caller}) for changesets that needed
 * no approval or when the approving process no longer holds the approval's token. Receipts record which.
 */
record Authority(Delegation delegation, String source) {

    static final String CALLER = "caller";
    static final String APPROVAL = "ciba-approval";
}
