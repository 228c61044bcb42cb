package dev.changeset.vault;

import java.util.Optional;

/**
 * Why a Google token could not be had, as something a person can act on. The message names the action ("connect
 * Google", "reconnect Google", "grant scope X", "sign in again", "the server is misconfigured", "try again
 * later"); it never holds Auth0's answer body or a token.
 */
public final class TokenVaultException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What happened, one kind per thing to do. */
    public enum Kind {
        /** The user never connected Google in Auth0 (401 {@code federated_connection_refresh_token_not_found}). */
        CONNECT_GOOGLE,
        /** Google no longer honours the user's grant (401 {@code federated_connection_refresh_token_flow_failed}). */
        RECONNECT_GOOGLE,
        /** The Google token lacks the role's scope ({@link #missingScope()}). */
        GRANT_SCOPE,
        /** Auth0 refused the subject token itself (expired, or for another API). */
        SIGN_IN_AGAIN,
        /** Auth0 refused this server's client, or the grant is not enabled for it (401 client, 403, 400). */
        MISCONFIGURED,
        /** Auth0 did not answer usefully in time (5xx, 429, timeout, unreadable answer). */
        UNAVAILABLE
    }

    /** How a connect or reconnect message begins, whatever the place named after it. */
    private static final String CONNECT_START = "Your Google account is not connected to this server yet.";
    private static final String RECONNECT_START = "Google no longer accepts the access you gave (it was revoked or "
            + "has lapsed).";

    private final Kind kind;
    private final String missingScope;

    private TokenVaultException(Kind kind, String missingScope, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.missingScope = missingScope;
    }

    public Kind kind() {
        return kind;
    }

    /**
     * Whether a tool's error text is this class's "connect Google" or "reconnect Google" message (a tool adapter may
     * have turned the exception into text before the MCP layer sees it): {@link Kind#CONNECT_GOOGLE},
     * {@link Kind#RECONNECT_GOOGLE}, or empty for any other text.
     */
    public static Optional<Kind> connectionNeeded(String text) {
        if (text == null) {
            return Optional.empty();
        }
        if (text.startsWith(CONNECT_START)) {
            return Optional.of(Kind.CONNECT_GOOGLE);
        }
        return text.startsWith(RECONNECT_START) ? Optional.of(Kind.RECONNECT_GOOGLE) : Optional.empty();
    }

    /** The Google scope to grant, for {@link Kind#GRANT_SCOPE}. */
    public Optional<String> missingScope() {
        return Optional.ofNullable(missingScope);
    }

    /** Where users connect Google, as the messages phrase it. */
    static String where(VaultConfig config) {
        return config.connectUrl().map(u -> "at " + u)
                .orElse("in your account settings (Auth0 Connected Accounts: sign in and link Google)");
    }

    static TokenVaultException connectGoogle(String where) {
        return new TokenVaultException(Kind.CONNECT_GOOGLE, null, CONNECT_START + " Connect it " + where
                + ", allow Google Sheets access, then try again.", null);
    }

    /** Google refused a token Token Vault issued, even a fresh one (401 twice): the grant must be renewed. */
    public static TokenVaultException reconnectGoogle(VaultConfig config) {
        return reconnectGoogle(where(config));
    }

    static TokenVaultException reconnectGoogle(String where) {
        return new TokenVaultException(Kind.RECONNECT_GOOGLE, null, RECONNECT_START + " Reconnect Google " + where
                + ", then try again.", null);
    }

    /** Google says the token lacks {@code role}'s scope (403 insufficientPermissions). */
    public static TokenVaultException grantScope(GoogleRole role, VaultConfig config) {
        return grantScope(role.scope(), where(config));
    }

    /** The Google connection lacks {@code scope}: the user must grant it when reconnecting Google. */
    static TokenVaultException grantScope(String scope, String where) {
        return new TokenVaultException(Kind.GRANT_SCOPE, scope, "Your Google connection does not grant the scope "
                + scope + " (" + describe(scope) + "), which this action needs. Reconnect Google " + where
                + " and grant that scope, then try again.", null);
    }

    static TokenVaultException signInAgain(int status) {
        return new TokenVaultException(Kind.SIGN_IN_AGAIN, null, "Auth0 Token Vault did not accept your sign-in "
                + "(HTTP " + status + "): it may have expired. Sign in again; if this keeps happening, the server's "
                + "Auth0 API settings are misconfigured.", null);
    }

    static TokenVaultException misconfigured(String what) {
        return new TokenVaultException(Kind.MISCONFIGURED, null, "The server is misconfigured: " + what
                + ". Ask its operator to check the Token Vault settings (changeset.vault.*) and the Custom API "
                + "Client in Auth0.", null);
    }

    static TokenVaultException unavailable(String what, Throwable cause) {
        return new TokenVaultException(Kind.UNAVAILABLE, null, "Auth0 Token Vault is unavailable right now ("
                + what + "). Try again in a minute.", cause);
    }

    private static String describe(String scope) {
        return switch (scope) {
            case "https://www.googleapis.com/auth/spreadsheets.readonly" -> "see your Google Sheets";
            case "https://www.googleapis.com/auth/spreadsheets" -> "see and edit your Google Sheets";
            case "https://www.googleapis.com/auth/gmail.send" -> "send email on your behalf";
            default -> "a Google permission";
        };
    }
}
