package dev.changeset.catalog;

import java.io.IOException;
import java.time.Instant;
import java.util.Optional;

import dev.changeset.vault.GoogleRefusal;

/**
 * A failed Sheets call, reduced to what decides the next step: Google's answer ({@link GoogleRefusal}: status,
 * reason in either of Google's forms, quota limit, retry time), or none at all (connection refused or dropped,
 * timeout).
 */
final class SheetsFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    final int status;
    final Optional<GoogleRefusal> refusal;

    private SheetsFailure(int status, Optional<GoogleRefusal> refusal, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.refusal = refusal;
    }

    static SheetsFailure of(IOException e) {
        Optional<GoogleRefusal> refusal = GoogleRefusal.of(e, Instant.now());
        return refusal.map(r -> new SheetsFailure(r.status(), refusal, r.message(), e))
                .orElseGet(() -> new SheetsFailure(0, Optional.empty(), e.getClass().getSimpleName(), e));
    }

    boolean unauthorized() {
        return status == 401;
    }

    /** Google's quota or rate limit (429, or a 403 that says so). */
    boolean rateLimited() {
        return refusal.filter(GoogleRefusal::rateLimited).isPresent();
    }

    boolean scopeInsufficient() {
        return refusal.filter(GoogleRefusal::scopeInsufficient).isPresent();
    }

    /** 5xx, or no answer at all (connection refused or dropped, timeout). */
    boolean serverSide() {
        return status == 0 || status >= 500;
    }

    /** What Google says, trimmed, for a message to a person (never holds a token: Google does not echo them). */
    String googleMessage() {
        return refusal.map(GoogleRefusal::shortMessage).orElse(String.valueOf(getMessage()));
    }

    /** How the failure reads in a log line or a message: "HTTP 503" or "no answer (SocketTimeoutException)". */
    String describe() {
        return status == 0 ? "no answer (" + getMessage() + ")" : "HTTP " + status;
    }
}
