package dev.changeset.pipeline;

import java.util.Optional;
import java.util.function.Supplier;

import dev.changeset.approval.PushLimitReached;
import dev.changeset.catalog.CatalogException;
import dev.changeset.vault.TokenVaultException;

/**
 * The one kind of error a user can act on that leaves the pipeline: its message says what to do (connect Google,
 * fix an operation, wait for the quota, preview again) and is shown to the user as it is; it never holds a token or
 * an answer body. The pipeline's entry points translate the vault's, the catalog's and the approval bounds' own
 * exceptions into it ({@link #translated}), so the tools map this type only (docs/architecture.md, "Packages and
 * which may use which": tools never reach the vault or the catalog). Failures of the server itself are not this
 * type: they report no success ({@link PersistenceException}, and anything unexpected).
 */
public class UserActionable extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What the user can do about it, one kind per action. */
    public enum Kind {
        /** Connect a Google account (Auth0 Connected Accounts): it never was. */
        CONNECT_GOOGLE,
        /** Reconnect Google: the grant was revoked or has lapsed. */
        RECONNECT_GOOGLE,
        /** Reconnect Google granting a scope the connection lacks. */
        GRANT_SCOPE,
        /** Sign in again: Auth0 refused the user's own token. */
        SIGN_IN_AGAIN,
        /** Ask the operator: the server's Auth0 settings or the configured sheets' layout are wrong. */
        SERVER_SETUP,
        /** Ask for access: the user's Google account may not open the spreadsheet. */
        NO_ACCESS,
        /** Wait for Google's per-minute quota, then try again. */
        QUOTA,
        /** Try again later: Auth0 or Google did not answer usefully, or the sheet moved while it was read. */
        TRY_LATER,
        /** Fix the input: an operation, a note, a recipient, an argument Google refused. */
        BAD_INPUT,
        /** Check the id or code: no such thing of the caller's (changeset, receipt, mail request, spreadsheet). */
        NOT_FOUND,
        /** The changeset is not in a state where the step is possible (cancel after execution started, ...). */
        CONFLICT,
        /** Read where the changeset stands: a write's outcome is unknown and is decided by reading back. */
        OUTCOME_UNKNOWN,
        /** Decide the approvals already pending first: the person has as many as the bounds allow. */
        APPROVAL_LIMIT
    }

    private final Kind kind;

    protected UserActionable(Kind kind, String message) {
        this(kind, message, null);
    }

    private UserActionable(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /**
     * Whether a tool's error text is the vault's "connect Google" or "reconnect Google" message (the MCP layer sees
     * the answer's text, not the exception): {@link Kind#CONNECT_GOOGLE}, {@link Kind#RECONNECT_GOOGLE}, or empty.
     */
    public static Optional<Kind> connectionNeeded(String text) {
        return TokenVaultException.connectionNeeded(text).map(UserActionable::kindOf);
    }

    /** Input that cannot be acted on as given: nothing was changed. */
    static UserActionable badInput(String message) {
        return new UserActionable(Kind.BAD_INPUT, message);
    }

    /** No such thing of the caller's. */
    static UserActionable notFound(String message) {
        return new UserActionable(Kind.NOT_FOUND, message);
    }

    /** Runs {@code step}; a vault, catalog or approval-bound refusal leaves it as this type, with the same message. */
    static <T> T translated(Supplier<T> step) {
        try {
            return step.get();
        } catch (TokenVaultException e) {
            throw new UserActionable(kindOf(e.kind()), e.getMessage(), e);
        } catch (CatalogException e) {
            throw new UserActionable(kindOf(e.kind()), e.getMessage(), e);
        } catch (PushLimitReached e) {
            throw new UserActionable(Kind.APPROVAL_LIMIT, e.getMessage(), e);
        }
    }

    private static Kind kindOf(TokenVaultException.Kind kind) {
        return switch (kind) {
            case CONNECT_GOOGLE -> Kind.CONNECT_GOOGLE;
            case RECONNECT_GOOGLE -> Kind.RECONNECT_GOOGLE;
            case GRANT_SCOPE -> Kind.GRANT_SCOPE;
            case SIGN_IN_AGAIN -> Kind.SIGN_IN_AGAIN;
            case MISCONFIGURED -> Kind.SERVER_SETUP;
            case UNAVAILABLE -> Kind.TRY_LATER;
        };
    }

    private static Kind kindOf(CatalogException.Kind kind) {
        return switch (kind) {
            case SHEET_LAYOUT -> Kind.SERVER_SETUP;
            case NOT_FOUND -> Kind.NOT_FOUND;
            case NO_ACCESS -> Kind.NO_ACCESS;
            case REJECTED -> Kind.BAD_INPUT;
            case RATE_LIMITED -> Kind.QUOTA;
            case GOOGLE_UNAVAILABLE, SHEET_CHANGED -> Kind.TRY_LATER;
            case WRITE_OUTCOME_UNKNOWN -> Kind.OUTCOME_UNKNOWN;
        };
    }
}
