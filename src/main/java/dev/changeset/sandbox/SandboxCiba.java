package dev.changeset.sandbox;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.jboss.logging.Logger;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;

import dev.changeset.sandbox.CibaLedger.Entry;
import dev.changeset.sandbox.DemoUsers.DemoUser;
import io.vertx.core.MultiMap;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The sandbox tenant's CIBA (docs/protocols.md section 4): {@code POST /bc-authorize} with Auth0's checks, and the
 * {@code urn:openid:params:grant-type:ciba} grant on {@code /oauth/token} with CIBA Core's answers. People decide
 * on the Guardian page ({@link GuardianPage}); tests script outcomes ({@link SandboxCibaControl}).
 */
public final class SandboxCiba {

    public static final String GRANT_TYPE = "urn:openid:params:grant-type:ciba";
    /** The tenant's CIBA application; dev and test configure {@code changeset.approval.client-*} with these. */
    public static final String CLIENT_ID = "sandbox-ciba-client";
    public static final String CLIENT_SECRET = "sandbox-ciba-secret";
    /** The {@code authorization_details} types registered on the sandbox API. */
    public static final Set<String> REGISTERED_DETAIL_TYPES = Set.of(
            "urn:auth0:schemas:authorization-details:v1:commerce-changeset");
    /**
     * What {@code /bc-authorize} answers (400 {@code invalid_request}) for a user with no Guardian enrollment. Auth0
     * publishes no exact wording; the server recognises it by {@code changeset.approval.no-enrollment-pattern}.
     */
    public static final String NO_ENROLLMENT = "The user does not have push notifications enrolled with Guardian";
    static final String DENIED = "The end-user denied the authorization request or it has been expired";
    /** The custom claim the tenant's Action sets (changeset.approval.channel-claim's default). */
    public static final String CHANNEL_CLAIM = "https://changeset.dev/approval_channel";

    private static final Logger LOG = Logger.getLogger(SandboxCiba.class);
    private static final Pattern BINDING_MESSAGE = Pattern.compile("[A-Za-z0-9 +\\-_.,:#]{1,64}");
    private static final long TOKEN_TTL = 3600;

    private final SandboxIdentity identity;
    private final TenantSettings tenant;
    private final CibaLedger ledger = new CibaLedger();

    private SandboxCiba(SandboxIdentity identity, TenantSettings tenant) {
        this.identity = identity;
        this.tenant = tenant;
    }

    /** Mounts {@code /bc-authorize}, the CIBA grant, the Guardian pages and the test controls. */
    static void mount(Router router, SandboxIdentity identity, TenantSettings tenant, SandboxTokenEndpoint tokens) {
        SandboxCiba ciba = new SandboxCiba(identity, tenant);
        router.post("/bc-authorize").handler(ciba::authorize);
        tokens.register(GRANT_TYPE, ciba::grant);
        new GuardianPage(ciba.ledger).mount(router);
        new CibaEmails(ciba.ledger, identity.issuer()).mount(router);
        new SandboxCibaControl(ciba.ledger).mount(router);
    }

    private void authorize(RoutingContext ctx) {
        MultiMap p = SandboxTokenEndpoint.params(ctx);
        Optional<String> client = authenticatedClient(ctx, p);
        if (client.isEmpty()) {
            // What Auth0 answers to a wrong client secret: a 401 that a careless client could read as a denial.
            Sandbox.error(ctx, 401, "access_denied", "Unauthorized");
            return;
        }
        String scope = p.get("scope");
        if (scope == null || !Arrays.asList(scope.trim().split("\\s+")).contains("openid")) {
            Sandbox.error(ctx, 400, "invalid_request", "scope must contain openid");
            return;
        }
        String binding = p.get("binding_message");
        if (binding == null || binding.isEmpty()) {
            Sandbox.error(ctx, 400, "invalid_request", "binding_message is required");
            return;
        }
        if (!BINDING_MESSAGE.matcher(binding).matches()) {
            Sandbox.error(ctx, 400, "invalid_request",
                    "binding_message must be at most 64 characters of alphanumerics, spaces and +-_.,:#");
            return;
        }
        Object hinted = loginHintUser(p.get("login_hint"));
        if (hinted instanceof String problem) {
            Sandbox.error(ctx, 400, problem.startsWith("unknown") ? "unknown_user_id" : "invalid_request",
                    problem);
            return;
        }
        DemoUser user = (DemoUser) hinted;
        int expiry;
        try {
            expiry = p.get("requested_expiry") == null ? 300 : Integer.parseInt(p.get("requested_expiry").trim());
        } catch (NumberFormatException e) {
            expiry = -1;
        }
        if (expiry < 1 || expiry > 259200) {
            Sandbox.error(ctx, 400, "invalid_request", "requested_expiry must be an integer between 1 and 259200");
            return;
        }
        // Up to 300 s Auth0 sends the Guardian push; above, it emails the user (the server must never ask that).
        boolean push = expiry <= 300;
        // resource stands for audience under the Resource Parameter Compatibility Profile (Auth0's Start
        // Back-Channel Login, main/docs/api/authentication/login/start-back-channel-login.mdx, "resource").
        String audience = tenant.audience(p.get("audience"), p.get("resource"));
        if (audience != null && !identity.serves(audience)) {
            Sandbox.error(ctx, 400, "invalid_request", "Service not found: " + audience);
            return;
        }
        // What may be granted, as at /authorize for a first-party application: the API's own permissions, OIDC
        // scopes and offline_access; others are left out, not refused ("Space-separated list of OIDC and custom API
        // scopes", main/docs/api/authentication/login/start-back-channel-login.mdx). openid was checked above.
        String granted = String.join(" ", AuthorizeEndpoint.grantable(scope, true,
                identity.api(audience).orElse(null)));
        SandboxRar.Checked details = new SandboxRar.Checked(null, null);
        if (p.get("authorization_details") != null) {
            if (audience == null) {
                Sandbox.error(ctx, 400, "invalid_request", "authorization_details require an audience");
                return;
            }
            details = SandboxRar.check(p.get("authorization_details"), REGISTERED_DETAIL_TYPES, push);
            if (details.problem() != null) {
                Sandbox.error(ctx, 400, "invalid_request", details.problem());
                return;
            }
        }
        // The channel (https://auth0.com/docs/get-started/applications/configure-client-initiated-backchannel-
        // authentication, "Enable notification channels"): up to 300 s the Guardian push; "If the user is not enrolled
        // to use MFA push notifications, Auth0 falls back to using email notifications, if configured, instead of
        // rejecting the CIBA request"; from 301 s email. The email goes to the user's verified address
        // (email-notifications-with-ciba, step 4).
        String channel;
        if (push && ledger.enrolled(user)) {
            channel = "guardian-push";
        } else if (ledger.emailChannel()) {
            channel = "email";
        } else if (push) {
            Sandbox.error(ctx, 400, "invalid_request", NO_ENROLLMENT);
            return;
        } else {
            Sandbox.error(ctx, 400, "invalid_request",
                    "The email notification channel is not enabled for this application");
            return;
        }
        Instant now = Instant.now();
        Optional<Duration> tenantWait = ledger.tenantRateLimited(now);
        if (tenantWait.isPresent()) {
            long seconds = Math.max(1, (tenantWait.get().toMillis() + 999) / 1000);
            ctx.response().putHeader("retry-after", String.valueOf(seconds))
                    .putHeader("x-ratelimit-limit", String.valueOf(ledger.tenantPerMinute()))
                    .putHeader("x-ratelimit-remaining", "0")
                    .putHeader("x-ratelimit-reset", String.valueOf(now.plusSeconds(seconds).getEpochSecond()));
            Sandbox.error(ctx, 429, "too_many_requests", "Global limit has been reached: at most "
                    + ledger.tenantPerMinute() + " back-channel authorize requests a minute");
            return;
        }
        if (ledger.tooManyPending(now)) {
            // Auth0 documents the entity limit, not its answer: a 429 naming it, without a time to retry (it frees up
            // as pending requests are answered or expire).
            Sandbox.error(ctx, 429, "too_many_requests", "Too many concurrent CIBA transactions: at most "
                    + ledger.maxPending() + " pending for this tenant");
            return;
        }
        Optional<Duration> wait = ledger.rateLimited(user, now);
        if (wait.isPresent()) {
            long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
            // Lower case, as Auth0's headers arrive over HTTP/2 (and as auth0-java looks them up).
            ctx.response().putHeader("retry-after", String.valueOf(seconds))
                    .putHeader("x-ratelimit-limit", String.valueOf(ledger.perUserPerMinute()))
                    .putHeader("x-ratelimit-remaining", "0")
                    .putHeader("x-ratelimit-reset", String.valueOf(now.plusSeconds(seconds).getEpochSecond()));
            Sandbox.error(ctx, 429, "too_many_requests",
                    "Too many requests for this user: at most " + ledger.perUserPerMinute() + " a minute");
            return;
        }
        Entry entry = ledger.accept(user, client.get(), granted, audience, binding, details.details(), expiry,
                channel, now);
        LOG.infof("CIBA %s for %s by %s: \"%s\"", entry.id, user.handle(), entry.channel, binding);
        Sandbox.json(ctx, 200, new JsonObject().put("auth_req_id", entry.authReqId).put("expires_in", expiry)
                .put("interval", entry.interval));
    }

    /** The demo user a {@code login_hint} names, or why it names none. */
    private Object loginHintUser(String hint) {
        if (hint == null) {
            return "login_hint is required";
        }
        JsonObject json;
        try {
            json = new JsonObject(hint);
        } catch (DecodeException | ClassCastException e) {
            return "login_hint must be a JSON object in the iss_sub format";
        }
        if (!"iss_sub".equals(json.getValue("format"))) {
            return "login_hint format must be iss_sub";
        }
        if (!identity.issuer().equals(json.getValue("iss"))) {
            return "login_hint iss must be " + identity.issuer() + " (with its trailing slash)";
        }
        Object sub = json.getValue("sub");
        return DemoUsers.ALL.stream().filter(u -> u.subject().equals(sub)).findFirst()
                .<Object>map(u -> u).orElse("unknown user " + sub);
    }

    private void grant(RoutingContext ctx, MultiMap p) {
        Optional<String> client = authenticatedClient(ctx, p);
        if (client.isEmpty()) {
            Sandbox.error(ctx, 401, "access_denied", "Unauthorized");
            return;
        }
        String authReqId = p.get("auth_req_id");
        if (authReqId == null || authReqId.isBlank()) {
            Sandbox.error(ctx, 400, "invalid_request", "Missing required parameter: auth_req_id");
            return;
        }
        Optional<Entry> found = ledger.byAuthReqId(authReqId).filter(e -> e.clientId.equals(client.get()));
        if (found.isEmpty()) {
            Sandbox.error(ctx, 400, "invalid_grant", "Invalid or unknown auth_req_id");
            return;
        }
        Entry entry = found.get();
        boolean tooSoon = ledger.poll(entry, Instant.now());
        switch (entry.status) {
            case REDEEMED -> Sandbox.error(ctx, 400, "invalid_grant", "The auth_req_id has already been used");
            case DENIED -> Sandbox.error(ctx, 400, "access_denied", DENIED);
            case EXPIRED -> {
                if (ledger.expiredError().equals("expired_token")) {
                    Sandbox.error(ctx, 400, "expired_token", "The auth_req_id has expired");
                } else {
                    Sandbox.error(ctx, 400, "access_denied", DENIED);
                }
            }
            case PENDING -> {
                if (tooSoon) {
                    // Auth0's answer to polling too fast (https://auth0.com/docs/api/authentication/login/
                    // check-back-channel-login-status): error slow_down, "You are polling faster than allowed. Try
                    // again in 10 seconds.", and a Retry-After header "indicating how many seconds to wait before
                    // attempting to poll again". The body names the interval in one of Auth0's examples
                    // (https://auth0.com/docs/get-started/authentication-and-authorization-flow/client-initiated-
                    // backchannel-authentication-flow/user-authorization-with-ciba, step 3) and not in the other
                    // (slow_down_body_interval). It is a 400 as CIBA Core section 11 says, or a 429 (slow_down_status)
                    // as a tenant's rate limiter answers it: a client must read the error code before the status.
                    ctx.response().putHeader("retry-after", String.valueOf(entry.interval));
                    JsonObject body = new JsonObject().put("error", "slow_down")
                            .put("error_description", "You are polling faster than allowed. Try again in "
                                    + entry.interval + " seconds.");
                    if (ledger.slowDownBodyInterval()) {
                        body.put("interval", entry.interval);
                    }
                    Sandbox.json(ctx, ledger.slowDownStatus(), body);
                } else {
                    Sandbox.error(ctx, 400, "authorization_pending", "The end-user authorization is pending");
                }
            }
            case APPROVED -> {
                ledger.redeem(entry);
                Sandbox.json(ctx, 200, tokens(entry));
            }
        }
    }

    private JsonObject tokens(Entry entry) {
        long now = Instant.now().getEpochSecond();
        String issuer = identity.issuer();
        JwtClaims access = new JwtClaims();
        access.setIssuer(issuer);
        access.setSubject(entry.user.subject());
        access.setAudience(entry.audience == null ? List.of(issuer + "userinfo")
                : List.of(entry.audience, issuer + "userinfo"));
        access.setIssuedAt(NumericDate.fromSeconds(now));
        access.setExpirationTime(NumericDate.fromSeconds(now + TOKEN_TTL));
        access.setClaim("azp", entry.clientId);
        access.setClaim("scope", entry.scope);
        // The tenant's post-login Action (README, real tenant step 5) names the channel from event.transaction.protocol:
        // oidc-ciba for the push, oidc-ciba-web-link for the email link (https://auth0.com/docs/actions/reference/
        // post-login/post-login-event-object, transaction.protocol; email-notifications-with-ciba, step 5).
        access.setClaim(CHANNEL_CLAIM, entry.channel);
        access.setGeneratedJwtId();
        JwtClaims id = new JwtClaims();
        id.setIssuer(issuer);
        id.setSubject(entry.user.subject());
        id.setAudience(entry.clientId);
        id.setIssuedAt(NumericDate.fromSeconds(now));
        id.setExpirationTime(NumericDate.fromSeconds(now + TOKEN_TTL));
        id.setClaim("email", entry.user.email());
        id.setClaim("name", entry.user.name());
        JsonObject body = new JsonObject().put("access_token", identity.sign(access)).put("id_token", identity.sign(id))
                .put("token_type", "Bearer").put("expires_in", TOKEN_TTL).put("scope", entry.scope);
        JsonArray echoed = entry.echoed != null ? entry.echoed : entry.details;
        if (echoed != null) {
            body.put("authorization_details", echoed);
        }
        return body;
    }

    /** client_secret_post or client_secret_basic with the tenant's one CIBA application. */
    private static Optional<String> authenticatedClient(RoutingContext ctx, MultiMap p) {
        String id = p.get("client_id");
        String secret = p.get("client_secret");
        String header = ctx.request().getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String[] pair = new String(Base64.getDecoder().decode(header.substring(6).trim()),
                        StandardCharsets.UTF_8).split(":", 2);
                id = pair[0];
                secret = pair.length == 2 ? pair[1] : null;
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        return CLIENT_ID.equals(id) && CLIENT_SECRET.equals(secret) ? Optional.of(id) : Optional.empty();
    }
}
