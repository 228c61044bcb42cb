package dev.changeset.sandbox;

/** A Sheets API refusal on its way to becoming Google's error JSON. */
final class SheetsError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    final int code;
    final String status;
    final String reason;

    SheetsError(int code, String status, String reason, String message) {
        super(message, null, false, false);
        this.code = code;
        this.status = status;
        this.reason = reason;
    }

    static SheetsError badRequest(String message) {
        return new SheetsError(400, "INVALID_ARGUMENT", "badRequest", message);
    }

    static SheetsError notFound() {
        return new SheetsError(404, "NOT_FOUND", "notFound", "Requested entity was not found.");
    }

    static SheetsError unauthenticated() {
        return new SheetsError(401, "UNAUTHENTICATED", "authError", "Request had invalid authentication credentials. "
                + "Expected OAuth 2 access token, login cookie or other valid authentication credential. See "
                + "https://developers.google.com/identity/sign-in/web/devconsole-project.");
    }

    static SheetsError insufficientScopes() {
        return new SheetsError(403, "PERMISSION_DENIED", "insufficientPermissions",
                "Request had insufficient authentication scopes.");
    }

    static SheetsError writeQuota(int perMinute) {
        return new SheetsError(429, "RESOURCE_EXHAUSTED", "rateLimitExceeded", "Quota exceeded for quota metric "
                + "'Write requests' and limit 'Write requests per minute per user' of service "
                + "'sheets.googleapis.com' for consumer 'project_number:000000000000' (" + perMinute + " a minute).");
    }

    static SheetsError injected(int code) {
        return switch (code) {
            case 401 -> unauthenticated();
            case 403 -> insufficientScopes();
            case 404 -> notFound();
            case 429 -> new SheetsError(429, "RESOURCE_EXHAUSTED", "rateLimitExceeded",
                    "Quota exceeded for quota metric 'Read requests' and limit 'Read requests per minute per user' "
                            + "of service 'sheets.googleapis.com'.");
            case 500 -> new SheetsError(500, "INTERNAL", "backendError", "Internal error encountered.");
            case 502 -> new SheetsError(502, "UNAVAILABLE", "backendError", "Bad Gateway");
            case 503 -> new SheetsError(503, "UNAVAILABLE", "backendError", "The service is currently unavailable.");
            case 504 -> new SheetsError(504, "DEADLINE_EXCEEDED", "backendError", "The request timed out.");
            default -> new SheetsError(code, "UNKNOWN", "backendError", "Injected failure " + code + ".");
        };
    }
}
