package dev.changeset.sandbox;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Gmail's refusals, in the shapes of Gmail's "Resolve errors" guide
 * (https://developers.google.com/workspace/gmail/api/guides/handle-errors) and "Usage limits"
 * (https://developers.google.com/gmail/api/reference/quota):
 * <ul>
 * <li>401 {@code authError} "Invalid Credentials" ({@code locationType} header, {@code location} Authorization);</li>
 * <li>403 {@code usageLimits} {@code dailyLimitExceeded} "Daily Limit Exceeded", {@code userRateLimitExceeded}
 * "User Rate Limit Exceeded" (15,000 quota units a minute per user), {@code rateLimitExceeded} "Rate Limit Exceeded"
 * (1,200,000 a minute per project);</li>
 * <li>429 "Too many requests": the per-user concurrent request limit ("Too many concurrent requests for user") and
 * the mail sending limit ("User-rate limit exceeded", "(Mail sending)", "returned with time to retry"). The guide
 * gives these words but no JSON, so the body is the same error model with them, and the time in the message as
 * Gmail writes it ("Retry after {RFC 3339 time}");</li>
 * <li>403 for a token without a sending scope: {@code insufficientPermissions} and/or an ErrorInfo
 * {@code ACCESS_TOKEN_SCOPE_INSUFFICIENT} (googleapis/googleapis google/api/error_reason.proto).</li>
 * </ul>
 * The guide's samples have no {@code status}; Google's current answers add it
 * (https://cloud.google.com/apis/design/errors), so it is added too.
 */
final class GmailErrors {

    /** The refusals {@code POST /sandbox/gmail/fail-next} can ask for, by {@code reason}. */
    static final Set<String> REASONS = Set.of("backendError", "authError", "insufficientPermissions",
            "dailyLimitExceeded", "userRateLimitExceeded", "rateLimitExceeded", "concurrentRequests",
            "mailSending");

    private GmailErrors() {
    }

    /** One refusal: status and body. */
    record Refusal(int status, JsonObject body) {
    }

    static Refusal invalidCredentials() {
        return legacy(401, "UNAUTHENTICATED", "global", "authError", "Invalid Credentials",
                new JsonObject().put("locationType", "header").put("location", "Authorization"));
    }

    static Refusal insufficientScopes(SheetsError.Form form) {
        String message = "Request had insufficient authentication scopes.";
        JsonObject error = new JsonObject().put("code", 403).put("message", message);
        if (form != SheetsError.Form.DETAILS) {
            error.put("errors", new JsonArray().add(new JsonObject().put("message", "Insufficient Permission")
                    .put("domain", "global").put("reason", "insufficientPermissions")));
        }
        error.put("status", "PERMISSION_DENIED");
        if (form != SheetsError.Form.LEGACY) {
            error.put("details", new JsonArray().add(new JsonObject()
                    .put("@type", "type.googleapis.com/google.rpc.ErrorInfo")
                    .put("reason", "ACCESS_TOKEN_SCOPE_INSUFFICIENT").put("domain", "googleapis.com")
                    .put("metadata", new JsonObject().put("service", "gmail.googleapis.com")
                            .put("method", "caribou.api.proto.MailboxService.SendMessage"))));
        }
        return new Refusal(403, new JsonObject().put("error", error));
    }

    /** Over the per-minute quota units: the user's ({@code userRateLimitExceeded}) or the project's. */
    static Refusal quota(GoogleQuota.Exceeded exceeded) {
        return exceeded.perUser()
                ? legacy(403, "PERMISSION_DENIED", "usageLimits", "userRateLimitExceeded", "User Rate Limit Exceeded",
                        null)
                : legacy(403, "PERMISSION_DENIED", "usageLimits", "rateLimitExceeded", "Rate Limit Exceeded", null);
    }

    /** A refusal a test asked for by {@code reason} (see {@link #REASONS}); {@code status} only for backendError. */
    static Refusal injected(String reason, int status, SheetsError.Form form, long retryAfterSeconds) {
        return switch (reason) {
            case "authError" -> invalidCredentials();
            case "insufficientPermissions" -> insufficientScopes(form);
            case "dailyLimitExceeded" -> legacy(403, "PERMISSION_DENIED", "usageLimits", reason,
                    "Daily Limit Exceeded", null);
            case "userRateLimitExceeded" -> quota(new GoogleQuota.Exceeded("units", true, 15_000));
            case "rateLimitExceeded" -> quota(new GoogleQuota.Exceeded("units", false, 1_200_000));
            case "concurrentRequests" -> legacy(429, "RESOURCE_EXHAUSTED", "usageLimits", "rateLimitExceeded",
                    "Too many concurrent requests for user", null);
            case "mailSending" -> legacy(429, "RESOURCE_EXHAUSTED", "usageLimits", "rateLimitExceeded",
                    "User-rate limit exceeded.  Retry after " + Instant.now().plusSeconds(retryAfterSeconds)
                            .truncatedTo(ChronoUnit.MILLIS) + " (Mail sending)", null);
            default -> legacy(status, status == 503 ? "UNAVAILABLE" : "INTERNAL", "global", "backendError",
                    status == 503 ? "The service is currently unavailable." : "Backend Error", null);
        };
    }

    private static Refusal legacy(int code, String status, String domain, String reason, String message,
            JsonObject more) {
        JsonObject item = new JsonObject().put("domain", domain).put("reason", reason).put("message", message);
        if (more != null) {
            item.mergeIn(more);
        }
        return new Refusal(code, new JsonObject().put("error", new JsonObject().put("errors", new JsonArray()
                .add(item)).put("code", code).put("message", message).put("status", status)));
    }
}
