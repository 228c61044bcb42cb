package dev.changeset.catalog;

/**
 * Why the catalog could not be read or written, as something a person can act on. Token problems are
 * {@link dev.changeset.vault.TokenVaultException}s instead; this never holds a token.
 */
public final class CatalogException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What happened, one kind per thing to do. */
    public enum Kind {
        /** A sheet lacks a configured column header, or has no header row. */
        SHEET_LAYOUT,
        /** The spreadsheet or sheet the server is configured with does not exist (Google 404). */
        NOT_FOUND,
        /** The user's Google account may not open the spreadsheet (Google 403 other than scopes). */
        NO_ACCESS,
        /** Google refused the request as malformed (400). */
        REJECTED,
        /** Google kept refusing for its per-minute quota (429, or a 403 rate-limit reason) through every retry. */
        RATE_LIMITED,
        /** Google kept failing (5xx, no answer) through every retry. */
        GOOGLE_UNAVAILABLE,
        /** A write failed in a way that does not say whether it was applied: read back, never write again. */
        WRITE_OUTCOME_UNKNOWN,
        /** The product sheet's rows kept moving while it was read (sorted or edited during the read): try again. */
        SHEET_CHANGED
    }

    private final Kind kind;

    CatalogException(Kind kind, String message) {
        this(kind, message, null);
    }

    CatalogException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
