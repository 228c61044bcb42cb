package dev.changeset.approval;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.auth0.client.auth.AuthAPI;
import com.auth0.exception.APIException;
import com.auth0.exception.Auth0Exception;
import com.auth0.exception.RateLimitException;
import com.auth0.json.auth.BackChannelAuthorizeResponse;
import com.auth0.net.FormBodyRequest;
import com.auth0.net.client.DefaultHttpClient;
import com.auth0.net.client.HttpMethod;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.changeset.ChangesetConfig;
import dev.changeset.identity.AccessToken;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Auth0 CIBA through auth0-java (docs/protocols.md section 4): {@link #start} sends {@code POST /bc-authorize} for one
 * approver, {@link #poll} asks {@code POST /oauth/token} once. It keeps no state between calls, so one instance
 * serves every pending approval and any approver (the requester or a second approver). Calls block, each bounded by
 * the configured connect and read timeouts: run them off the event loop.
 */
@ApplicationScoped
@RegisterForReflection(targets = BackChannelAuthorizeResponse.class)
public class CibaClient {

    public static final String GRANT_TYPE = "urn:openid:params:grant-type:ciba";
    private static final Logger LOG = Logger.getLogger(CibaClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One approval to ask for: whose phone ({@code subject}, an Auth0 user id), the binding message, the operations
     * as RAR details, and optionally a shorter {@code requested_expiry} than the configured one (1 to 300 s).
     */
    public record Request(String subject, BindingMessage bindingMessage, Optional<ApprovalDetails> details,
            Optional<Duration> requestedExpiry) {
        public Request {
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(bindingMessage, "bindingMessage");
            Objects.requireNonNull(details, "details");
            Objects.requireNonNull(requestedExpiry, "requestedExpiry");
            if (subject.isBlank() || subject.chars().anyMatch(c -> Character.isWhitespace(c) || c < 0x20)) {
                throw new IllegalArgumentException("'" + subject + "' is not an Auth0 user id");
            }
            requestedExpiry.ifPresent(e -> {
                if (e.toSeconds() < 1 || e.compareTo(ApprovalConfigCheck.MAX_PUSH_EXPIRY) > 0) {
                    throw new IllegalArgumentException("requested_expiry must be 1 to 300 s (above 300 s Auth0"
                            + " sends an email instead of the Guardian push), not " + e.toSeconds() + " s");
                }
            });
        }

        public Request(String subject, BindingMessage bindingMessage, ApprovalDetails details) {
            this(subject, bindingMessage, Optional.of(details), Optional.empty());
        }
    }

    /** A started request: its secret id, when it started, when Auth0 will let it expire, and the poll interval. */
    public record Started(AuthReqId authReqId, Instant startedAt, Duration expiresIn, Duration interval) {
        public Instant expiresAt() {
            return startedAt.plus(expiresIn);
        }

        @Override
        public String toString() {
            return "Started[" + authReqId.sha256() + ", expiresIn=" + expiresIn + ", interval=" + interval + "]";
        }
    }

    private final ApprovalConfig config;
    private final String issuer;
    private final String audience;
    private final String tokenUrl;
    private final DefaultHttpClient http;
    private final AuthAPI auth;
    private final Pattern noEnrollment;

    CibaClient(ApprovalConfig config, ChangesetConfig changeset) {
        this.config = config;
        String iss = changeset.identity().issuer().toString();
        this.issuer = iss.endsWith("/") ? iss : iss + "/";
        String baseUrl = issuer.substring(0, issuer.length() - 1);
        this.audience = changeset.identity().apiAudience();
        this.tokenUrl = baseUrl + "/oauth/token";
        this.http = DefaultHttpClient.newBuilder()
                .withConnectTimeout(Math.toIntExact(config.http().connectTimeout().toSeconds()))
                .withReadTimeout(Math.toIntExact(config.http().readTimeout().toSeconds()))
                // A 429 is Auth0's "5 a minute per user": report it to the caller, never retry it behind its back.
                .withMaxRetries(0)
                .build();
        this.auth = AuthAPI.newBuilder(baseUrl, config.clientId(), config.clientSecret()).withHttpClient(http).build();
        this.noEnrollment = Pattern.compile(config.noEnrollmentPattern(), Pattern.CASE_INSENSITIVE);
    }

    /** Asks Auth0 to push this approval to the subject's phone. */
    public Started start(Request request) throws CibaRequestFailed {
        Map<String, Object> loginHint = new LinkedHashMap<>();
        loginHint.put("format", "iss_sub");
        loginHint.put("iss", issuer);
        loginHint.put("sub", request.subject());
        Duration expiry = request.requestedExpiry().orElse(config.requestedExpiry());
        com.auth0.net.Request<BackChannelAuthorizeResponse> call = auth.authorizeBackChannel(config.scope(),
                request.bindingMessage().text(), loginHint, audience, Math.toIntExact(expiry.toSeconds()));
        request.details().ifPresent(d -> call.addParameter("authorization_details", d.json()));
        Instant startedAt = Instant.now();
        BackChannelAuthorizeResponse body;
        try {
            body = call.execute().getBody();
        } catch (APIException e) {
            throw refused(e, request.subject());
        } catch (Auth0Exception e) {
            throw new CibaRequestFailed(CibaRequestFailed.Reason.UNAVAILABLE, null,
                    "Auth0 could not be reached to start the approval (" + rootCause(e) + "); try again later",
                    Optional.empty(), e);
        }
        if (body == null || body.getAuthReqId() == null || body.getAuthReqId().isBlank()) {
            throw new CibaRequestFailed(CibaRequestFailed.Reason.UNAVAILABLE, null,
                    "Auth0 answered /bc-authorize without an auth_req_id", Optional.empty(), null);
        }
        AuthReqId id = AuthReqId.of(body.getAuthReqId());
        Duration expiresIn = body.getExpiresIn() != null ? Duration.ofSeconds(body.getExpiresIn()) : expiry;
        Duration interval = body.getInterval() != null && body.getInterval() > 0
                ? Duration.ofSeconds(body.getInterval())
                : config.poll().defaultInterval();
        LOG.infof("CIBA request %s started for %s: expires in %d s, poll every %d s", id.sha256(),
                request.subject(), expiresIn.toSeconds(), interval.toSeconds());
        return new Started(id, startedAt, expiresIn, interval);
    }

    /**
     * Asks Auth0 once whether the request was decided. The token answer is read as a map rather than through
     * {@code AuthAPI.getBackChannelLoginStatus}, whose {@code BackChannelTokenResponse} (auth0-java 3.2.0) drops the
     * {@code authorization_details} Auth0 echoes; the request sent is the same form post that method builds.
     */
    public PollOutcome poll(AuthReqId id) {
        FormBodyRequest<Map<String, Object>> call = new FormBodyRequest<>(http, null, tokenUrl, HttpMethod.POST,
                new TypeReference<Map<String, Object>>() {
                });
        call.addParameter("client_id", config.clientId());
        call.addParameter("client_secret", config.clientSecret());
        call.addParameter("auth_req_id", id.reveal());
        call.addParameter("grant_type", GRANT_TYPE);
        PollOutcome outcome;
        try {
            outcome = approved(call.execute().getBody());
        } catch (APIException e) {
            outcome = pollError(e);
        } catch (Auth0Exception e) {
            outcome = new PollOutcome.Unavailable(PollOutcome.Reason.NETWORK, rootCause(e));
        }
        LOG.debugf("CIBA request %s polled: %s", id.sha256(), outcome);
        return outcome;
    }

    private PollOutcome approved(Map<String, Object> body) {
        Object token = body == null ? null : body.get("access_token");
        if (!(token instanceof String accessToken) || accessToken.isBlank()) {
            return new PollOutcome.Unavailable(PollOutcome.Reason.UNEXPECTED_ANSWER,
                    "Auth0 answered 200 without an access_token");
        }
        long expiresIn = body.get("expires_in") instanceof Number n ? n.longValue() : 0;
        Object details = body.get("authorization_details");
        Optional<String> detailsJson;
        try {
            detailsJson = details == null ? Optional.empty()
                    : Optional.of(details instanceof String s ? s : JSON.writeValueAsString(details));
        } catch (JsonProcessingException e) {
            return new PollOutcome.Unavailable(PollOutcome.Reason.UNEXPECTED_ANSWER,
                    "Auth0 echoed authorization_details that cannot be read back: " + e.getOriginalMessage());
        }
        return new PollOutcome.Approved(new AccessToken(accessToken),
                Duration.ofSeconds(expiresIn), String.valueOf(body.getOrDefault("scope", "")), detailsJson);
    }

    private PollOutcome pollError(APIException e) {
        String description = Optional.ofNullable(e.getDescription()).orElse("");
        if (e instanceof RateLimitException || e.getStatusCode() == 429) {
            return new PollOutcome.Unavailable(PollOutcome.Reason.RATE_LIMITED, description);
        }
        if (e.getStatusCode() == 401) {
            // Auth0 answers a bad client secret with 401 access_denied: that is no user's denial.
            return new PollOutcome.Unavailable(PollOutcome.Reason.CLIENT_MISCONFIGURED,
                    "Auth0 refused this server's CIBA client (401 " + e.getError() + "): check"
                            + " changeset.approval.client-id and client-secret");
        }
        if (e.getStatusCode() >= 500) {
            return new PollOutcome.Unavailable(PollOutcome.Reason.SERVER_ERROR, e.getStatusCode() + " " + description);
        }
        String error = Optional.ofNullable(e.getError()).orElse("");
        return switch (error) {
            case "authorization_pending" -> new PollOutcome.Pending();
            case "slow_down" -> new PollOutcome.SlowDown(serverInterval(e.getValue("interval")),
                    config.poll().slowDownStep());
            case "access_denied" -> new PollOutcome.Denied(description);
            case "expired_token" -> new PollOutcome.Expired(description);
            case "invalid_grant" -> new PollOutcome.Invalid(description);
            case "invalid_client", "unauthorized_client", "unsupported_grant_type" -> new PollOutcome.Unavailable(
                    PollOutcome.Reason.CLIENT_MISCONFIGURED, error + ": " + description);
            default -> new PollOutcome.Unavailable(PollOutcome.Reason.UNEXPECTED_ANSWER,
                    e.getStatusCode() + " " + error + ": " + description);
        };
    }

    /** {@code retry-after}, else {@code x-ratelimit-reset} (epoch seconds); auth0-java reads both case-sensitively. */
    private static Optional<Duration> retryAfter(RateLimitException e) {
        if (e.getRetryAfter() > 0) {
            return Optional.of(Duration.ofSeconds(e.getRetryAfter()));
        }
        long untilReset = e.getReset() - Instant.now().getEpochSecond();
        return e.getReset() > 0 && untilReset > 0 ? Optional.of(Duration.ofSeconds(untilReset)) : Optional.empty();
    }

    private static Optional<Duration> serverInterval(Object value) {
        return value instanceof Number n && n.longValue() > 0 ? Optional.of(Duration.ofSeconds(n.longValue()))
                : Optional.empty();
    }

    private CibaRequestFailed refused(APIException e, String subject) {
        String error = e.getError();
        String description = Optional.ofNullable(e.getDescription()).orElse("");
        int status = e.getStatusCode();
        CibaRequestFailed.Reason reason;
        String message;
        Optional<Duration> retryAfter = Optional.empty();
        if (e instanceof RateLimitException || status == 429) {
            reason = CibaRequestFailed.Reason.TOO_MANY_REQUESTS;
            retryAfter = e instanceof RateLimitException rate ? retryAfter(rate) : Optional.empty();
            message = "Auth0 sends a user at most 5 approval requests a minute and " + subject + " has had them"
                    + retryAfter.map(d -> "; try again in " + d.toSeconds() + " s").orElse("; try again shortly");
        } else if (status == 401 || status == 403 || "invalid_client".equals(error)
                || "unauthorized_client".equals(error)) {
            reason = CibaRequestFailed.Reason.CLIENT_MISCONFIGURED;
            message = "Auth0 refused this server's CIBA client (" + status + " " + error + ": " + description
                    + "): the server is misconfigured, not the request";
        } else if (status >= 500) {
            reason = CibaRequestFailed.Reason.UNAVAILABLE;
            message = "Auth0 failed to start the approval (" + status + "); try again later";
        } else if ("invalid_request".equals(error) && noEnrollment.matcher(description).find()) {
            reason = CibaRequestFailed.Reason.NO_ENROLLMENT;
            message = subject + " cannot approve on a phone: no Guardian push enrollment (Auth0: " + description
                    + "). Enroll in Auth0 Guardian, then apply again";
        } else if ("invalid_request".equals(error) && description.contains("binding_message")) {
            reason = CibaRequestFailed.Reason.BAD_BINDING_MESSAGE;
            message = "Auth0 refused the binding message: " + description;
        } else {
            reason = CibaRequestFailed.Reason.REJECTED;
            message = "Auth0 refused the approval request (" + status + " " + error + "): " + description;
        }
        LOG.warnf("CIBA request for %s refused: %s", subject, reason);
        return new CibaRequestFailed(reason, error, message, retryAfter, null);
    }

    private static String rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + (t.getMessage() != null ? ": " + t.getMessage() : "");
    }
}
