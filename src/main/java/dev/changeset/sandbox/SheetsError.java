package dev.changeset.sandbox;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * A Sheets API refusal on its way to becoming Google's error JSON. Google answers in the shape of its API design
 * guide, "Errors" (https://cloud.google.com/apis/design/errors): {@code error.code}, {@code error.message},
 * {@code error.status} (a {@code google.rpc.Code} name such as {@code RESOURCE_EXHAUSTED}), {@code error.details[]}
 * (here {@code google.rpc.ErrorInfo}, googleapis/googleapis {@code google/rpc/error_details.proto}, whose reasons for
 * the {@code googleapis.com} domain are in {@code google/api/error_reason.proto}), and, from the older JSON-RPC form,
 * {@code error.errors[]} with a {@code reason}. Not every answer carries both: a quota refusal of Sheets v4 comes with
 * {@code details} only (seen in burnash/gspread, maybelinot/df2gspread#34 and Sage-Bionetworks/data_curator#110),
 * so {@link Form} says which parts this one has.
 */
final class SheetsError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Which parts of Google's error body this refusal carries. */
    enum Form {
        /** {@code errors[]} with its {@code reason} only. */
        LEGACY,
        /** {@code details[]} with a {@code google.rpc.ErrorInfo} only (no {@code errors[]}). */
        DETAILS,
        /** Both, as Google answers a missing scope today. */
        BOTH
    }

    /** The project number the sandbox's requests are counted against (a made-up Google Cloud project). */
    static final String PROJECT_NUMBER = "000000000000";

    final int code;
    final String status;
    final String reason;
    final Form form;
    private final String detailReason;
    private final JsonObject metadata;

    SheetsError(int code, String status, String reason, String message) {
        this(code, status, reason, message, Form.LEGACY, null, null);
    }

    private SheetsError(int code, String status, String reason, String message, Form form, String detailReason,
            JsonObject metadata) {
        super(message, null, false, false);
        this.code = code;
        this.status = status;
        this.reason = reason;
        this.form = form;
        this.detailReason = detailReason;
        this.metadata = metadata;
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

    /**
     * 403 for a token without the scope: {@code errors[].reason} {@code insufficientPermissions} and an ErrorInfo
     * {@code ACCESS_TOKEN_SCOPE_INSUFFICIENT} (google/api/error_reason.proto), or just one of the two.
     */
    static SheetsError insufficientScopes(Form form) {
        return new SheetsError(403, "PERMISSION_DENIED", "insufficientPermissions",
                "Request had insufficient authentication scopes.", form, "ACCESS_TOKEN_SCOPE_INSUFFICIENT",
                new JsonObject().put("service", "sheets.googleapis.com")
                        .put("method", "google.apps.sheets.v4.SpreadsheetsService"));
    }

    static SheetsError insufficientScopes() {
        return insufficientScopes(Form.BOTH);
    }

    /**
     * 429 {@code RESOURCE_EXHAUSTED} for a per-minute quota, worded as Sheets words it ("Quota exceeded for quota
     * metric 'Read requests' and limit 'Read requests per minute per user' ...", the Sheets "Usage limits" page's
     * 429) with an ErrorInfo {@code RATE_LIMIT_EXCEEDED} naming {@code quota_metric} and {@code quota_limit}
     * (google/api/error_reason.proto; Sage-Bionetworks/data_curator#110 shows Sheets' own). No {@code Retry-After}:
     * neither page documents one for Sheets.
     */
    static SheetsError quota(GoogleQuota.Exceeded e, Form form) {
        String kind = e.bucket().equals("write") ? "Write" : "Read";
        String limit = kind + " requests per minute" + (e.perUser() ? " per user" : "");
        return new SheetsError(429, "RESOURCE_EXHAUSTED", "rateLimitExceeded", "Quota exceeded for quota metric '"
                + kind + " requests' and limit '" + limit + "' of service 'sheets.googleapis.com' for consumer "
                + "'project_number:" + PROJECT_NUMBER + "'.", form, "RATE_LIMIT_EXCEEDED", new JsonObject()
                        .put("consumer", "projects/" + PROJECT_NUMBER)
                        .put("quota_limit", kind + "RequestsPerMinutePer" + (e.perUser() ? "User" : "Project"))
                        .put("quota_limit_value", String.valueOf(e.limit()))
                        .put("quota_location", "global")
                        .put("quota_metric", "sheets.googleapis.com/" + kind.toLowerCase() + "_requests")
                        .put("service", "sheets.googleapis.com"));
    }

    /** A fault a test injected, in {@code form} where the status has more than one. */
    static SheetsError injected(int code, Form form) {
        return switch (code) {
            case 401 -> unauthenticated();
            case 403 -> insufficientScopes(form);
            case 404 -> notFound();
            case 429 -> form == Form.LEGACY
                    // the older answer, errors[] only (the Sheets 429 of pastebin.com/A9auJNW7, 2021)
                    ? new SheetsError(429, "RESOURCE_EXHAUSTED", "rateLimitExceeded", "Quota exceeded for quota "
                            + "metric 'Read requests' and limit 'Read requests per minute per user' of service "
                            + "'sheets.googleapis.com'.")
                    : quota(new GoogleQuota.Exceeded("read", true, 60), form);
            case 500 -> new SheetsError(500, "INTERNAL", "backendError", "Internal error encountered.");
            case 502 -> new SheetsError(502, "UNAVAILABLE", "backendError", "Bad Gateway");
            case 503 -> new SheetsError(503, "UNAVAILABLE", "backendError", "The service is currently unavailable.");
            case 504 -> new SheetsError(504, "DEADLINE_EXCEEDED", "backendError", "The request timed out.");
            default -> new SheetsError(code, "UNKNOWN", "backendError", "Injected failure " + code + ".");
        };
    }

    /** Google's error JSON: {@code {"error":{"code","message","errors"?,"status","details"?}}}. */
    JsonObject body() {
        JsonObject error = new JsonObject().put("code", code).put("message", getMessage());
        if (form != Form.DETAILS) {
            error.put("errors", new JsonArray().add(new JsonObject().put("message", getMessage())
                    .put("domain", "global").put("reason", reason)));
        }
        error.put("status", status);
        if (form != Form.LEGACY && detailReason != null) {
            error.put("details", new JsonArray().add(new JsonObject()
                    .put("@type", "type.googleapis.com/google.rpc.ErrorInfo").put("reason", detailReason)
                    .put("domain", "googleapis.com").put("metadata", metadata)));
        }
        return new JsonObject().put("error", error);
    }

    /** Answers the request with this error (a 401 also names the realm, as Google's does). */
    void answer(RoutingContext ctx) {
        if (code == 401) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"https://accounts.google.com/\", "
                    + "error=\"invalid_token\"");
        }
        Sandbox.json(ctx, code, body());
    }
}
