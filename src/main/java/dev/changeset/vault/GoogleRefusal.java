package dev.changeset.vault;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.api.client.googleapis.json.GoogleJsonError;
import com.google.api.client.googleapis.json.GoogleJsonResponseException;
import com.google.api.client.http.HttpResponseException;

/**
 * What Google said when it refused a call, reduced to what decides the next step. Google's error body
 * (https://cloud.google.com/apis/design/errors) may carry the older {@code errors[].reason}
 * ({@code insufficientPermissions}, {@code rateLimitExceeded}, {@code userRateLimitExceeded},
 * {@code dailyLimitExceeded}), a {@code details[]} {@code google.rpc.ErrorInfo} whose {@code reason} is one of
 * googleapis/googleapis {@code google/api/error_reason.proto} ({@code ACCESS_TOKEN_SCOPE_INSUFFICIENT},
 * {@code RATE_LIMIT_EXCEEDED}, with {@code metadata.quota_limit}), both, or neither (a 429 may come with neither),
 * so every question here looks at each form.
 *
 * @param status the HTTP status
 * @param reason the first {@code errors[].reason}, or empty
 * @param detailReason the first ErrorInfo {@code reason} in {@code details[]}, or empty
 * @param quotaLimit the ErrorInfo's {@code metadata.quota_limit} ({@code ReadRequestsPerMinutePerUser}), or empty
 * @param message Google's {@code error.message}, or the HTTP status line; never holds a token (Google echoes none)
 * @param retryAt when Google said to try again ({@code Retry-After}, or Gmail's "Retry after {time}"), if it did
 */
public record GoogleRefusal(int status, String reason, String detailReason, String quotaLimit, String message,
        Optional<Instant> retryAt) {

    private static final String ERROR_INFO = "type.googleapis.com/google.rpc.ErrorInfo";
    /** Gmail, "Resolve errors": 403 for the per-user and per-project rate and the daily limit. */
    private static final Set<String> RATE_REASONS = Set.of("rateLimitExceeded", "userRateLimitExceeded",
            "dailyLimitExceeded");
    /** Gmail's mail-sending 429 gives its time in the message: "User-rate limit exceeded.  Retry after {ISO}". */
    private static final Pattern RETRY_AFTER_TEXT = Pattern.compile("Retry after (\\S+?Z)");

    /** Google's answer in {@code e}, or empty when no HTTP answer came. */
    public static Optional<GoogleRefusal> of(Exception e, Instant now) {
        if (e instanceof GoogleJsonResponseException g) {
            GoogleJsonError error = g.getDetails();
            String reason = error == null || error.getErrors() == null || error.getErrors().isEmpty() ? ""
                    : text(error.getErrors().get(0).getReason());
            String message = error == null || error.getMessage() == null ? text(g.getStatusMessage())
                    : error.getMessage();
            Optional<GoogleJsonError.Details> info = error == null || error.getDetails() == null ? Optional.empty()
                    : error.getDetails().stream().filter(d -> ERROR_INFO.equals(d.getType())).findFirst();
            String quotaLimit = info.map(d -> d.get("metadata")).filter(Map.class::isInstance)
                    .map(m -> text(((Map<?, ?>) m).get("quota_limit"))).orElse("");
            return Optional.of(new GoogleRefusal(g.getStatusCode(), reason,
                    info.map(d -> text(d.getReason())).orElse(""), quotaLimit, message,
                    retryAt(g.getHeaders().getRetryAfter(), message, now)));
        }
        if (e instanceof HttpResponseException h) {
            return Optional.of(new GoogleRefusal(h.getStatusCode(), "", "", "", text(h.getStatusMessage()),
                    retryAt(h.getHeaders().getRetryAfter(), "", now)));
        }
        return Optional.empty();
    }

    /** The token lacks a scope: 403 with {@code insufficientPermissions} or {@code ACCESS_TOKEN_SCOPE_INSUFFICIENT}. */
    public boolean scopeInsufficient() {
        return status == 403 && (reason.equals("insufficientPermissions")
                || detailReason.equals("ACCESS_TOKEN_SCOPE_INSUFFICIENT"));
    }

    /** A quota or rate limit: any 429, or a 403 whose reason says so (Gmail's rate and daily limits). */
    public boolean rateLimited() {
        return status == 429 || (status == 403 && (RATE_REASONS.contains(reason)
                || detailReason.equals("RATE_LIMIT_EXCEEDED")));
    }

    /**
     * Whose limit it is, when Google says: true for the user's own ({@code ...PerUser}, "per user",
     * {@code userRateLimitExceeded}), false for the whole project's (shared by every user of this server).
     */
    public Optional<Boolean> perUser() {
        if (quotaLimit.endsWith("PerUser")) {
            return Optional.of(true);
        }
        if (quotaLimit.endsWith("PerProject")) {
            return Optional.of(false);
        }
        if (reason.equals("userRateLimitExceeded") || message.contains("per user")
                || message.contains("for user")) {
            return Optional.of(true);
        }
        if (status == 403 && reason.equals("rateLimitExceeded") || message.contains("per minute'")) {
            return Optional.of(false);
        }
        return Optional.empty();
    }

    /** Google's message trimmed to one line of at most 200 characters, for a message to a person. */
    public String shortMessage() {
        String m = message.replaceAll("[\\r\\n]+", " ");
        return m.length() > 200 ? m.substring(0, 200) + "..." : m;
    }

    /** {@code Retry-After} as seconds or an HTTP date (RFC 9110 section 10.2.3), else a time in the message. */
    static Optional<Instant> retryAt(String header, String message, Instant now) {
        if (header != null && !header.isBlank()) {
            try {
                return Optional.of(now.plus(Duration.ofSeconds(Math.max(0, Long.parseLong(header.trim())))));
            } catch (NumberFormatException e) {
                try {
                    return Optional.of(Instant.from(DateTimeFormatter.RFC_1123_DATE_TIME.parse(header.trim())));
                } catch (DateTimeParseException ignored) {
                    // unreadable: fall through to the message
                }
            }
        }
        Matcher m = RETRY_AFTER_TEXT.matcher(message == null ? "" : message);
        if (m.find()) {
            try {
                return Optional.of(Instant.parse(m.group(1)));
            } catch (DateTimeParseException ignored) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString();
    }
}
