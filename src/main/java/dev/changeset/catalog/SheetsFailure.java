package dev.changeset.catalog;

import java.io.IOException;

import com.google.api.client.googleapis.json.GoogleJsonError;
import com.google.api.client.googleapis.json.GoogleJsonResponseException;
import com.google.api.client.http.HttpResponseException;

/**
 * A failed Sheets call, reduced to what decides the next step: Google's HTTP status (0 when no answer came), its
 * first error reason ({@code insufficientPermissions}, {@code rateLimitExceeded}, ...) and its message.
 */
final class SheetsFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    final int status;
    final String reason;

    private SheetsFailure(int status, String reason, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.reason = reason;
    }

    static SheetsFailure of(IOException e) {
        if (e instanceof GoogleJsonResponseException g) {
            GoogleJsonError details = g.getDetails();
            String reason = details != null && details.getErrors() != null && !details.getErrors().isEmpty()
                    ? details.getErrors().get(0).getReason() : null;
            String message = details != null && details.getMessage() != null ? details.getMessage() : "";
            return new SheetsFailure(g.getStatusCode(), reason, message, e);
        }
        if (e instanceof HttpResponseException h) {
            return new SheetsFailure(h.getStatusCode(), null, "", e);
        }
        return new SheetsFailure(0, null, e.getClass().getSimpleName(), e);
    }

    boolean unauthorized() {
        return status == 401;
    }

    boolean rateLimited() {
        return status == 429;
    }

    /** 5xx, or no answer at all (connection refused or dropped, timeout). */
    boolean serverSide() {
        return status == 0 || status >= 500;
    }

    /** What Google says, trimmed, for a message to a person (never holds a token: Google does not echo them). */
    String googleMessage() {
        String m = getMessage() == null ? "" : getMessage().replaceAll("[\\r\\n]+", " ");
        return m.length() > 200 ? m.substring(0, 200) + "..." : m;
    }

    /** How the failure reads in a log line or a message: "HTTP 503" or "no answer (SocketTimeoutException)". */
    String describe() {
        return status == 0 ? "no answer (" + getMessage() + ")" : "HTTP " + status;
    }
}
