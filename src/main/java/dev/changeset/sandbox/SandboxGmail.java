package dev.changeset.sandbox;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;

import org.jboss.logging.Logger;

import dev.changeset.sandbox.GoogleTokenIntrospection.GoogleGrant;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Gmail's {@code users.messages.send} as Google answers it: bearer token checked against the issued Google tokens
 * (401 when unknown or expired, 403 {@code insufficientPermissions} without a sending scope), a JSON body
 * {@code {"raw": base64url RFC 822}} possibly gzip-compressed (the Google client compresses unless told not to),
 * the message decoded and kept in an outbox, {@code {"id","threadId","labelIds":["SENT"]}} in return.
 * <p>
 * For people: {@code GET /gmail/outbox}. For tests: {@code GET|DELETE /sandbox/gmail/outbox} (JSON),
 * {@code POST /sandbox/gmail/fail-next {"count":N,"status":503}} (the next N sends fail, nothing sent; or
 * {@code "reason"} one of {@link GmailErrors#REASONS}, with {@code "form"} for a scope refusal and
 * {@code "retryAfterSeconds"} for {@code mailSending}), {@code POST|GET /sandbox/gmail/quota} (Google's per-minute
 * quota units, {@link GoogleQuota}; each send costs 100),
 * {@code POST /sandbox/gmail/lose-next-answer} (the next send is sent, then the connection closes unanswered),
 * {@code POST /sandbox/gmail/tokens} (register a Google token, see {@link RegisteredGoogleTokens}).
 */
public final class SandboxGmail {

    private static final Logger LOG = Logger.getLogger(SandboxGmail.class);
    /** Any of these lets a token send mail (Gmail API reference, users.messages.send). */
    static final Set<String> SENDING_SCOPES = Set.of("https://mail.google.com/",
            "https://www.googleapis.com/auth/gmail.modify", "https://www.googleapis.com/auth/gmail.compose",
            DemoUsers.GMAIL_SEND);

    private final RegisteredGoogleTokens tokens;
    private final GoogleTokenIntrospection issued;
    private final GmailOutbox outbox = new GmailOutbox();
    /** Gmail "Usage limits": {@code messages.send} costs 100 quota units. */
    private static final int SEND_UNITS = 100;

    private final GoogleQuota quota;
    private final AtomicInteger failNext = new AtomicInteger();
    private volatile JsonObject failSpec = new JsonObject();
    private final AtomicBoolean loseNextAnswer = new AtomicBoolean();

    SandboxGmail(RegisteredGoogleTokens tokens, GoogleTokenIntrospection issued, GoogleQuota quota) {
        this.tokens = tokens;
        this.issued = issued;
        this.quota = quota;
    }

    /** The Google tokens this Gmail accepts; whoever issues Google tokens registers them here. */
    public RegisteredGoogleTokens tokens() {
        return tokens;
    }

    void mount(Router router) {
        router.post("/gmail/v1/users/:userId/messages/send").handler(this::send);
        router.get("/gmail/outbox").handler(ctx -> ctx.response().putHeader("Content-Type", "text/html; charset=utf-8")
                .end(outbox.page()));
        router.get("/sandbox/gmail/outbox").handler(ctx -> Sandbox.json(ctx, 200, new JsonObject()
                .put("messages", new JsonArray(outbox.all().stream().map(GmailOutbox.SentMail::toJson).toList()))));
        router.delete("/sandbox/gmail/outbox").handler(ctx -> {
            outbox.clear();
            ctx.response().setStatusCode(204).end();
        });
        router.route("/sandbox/gmail/*").failureHandler(SandboxTokenVault::badControlRequest);
        router.post("/sandbox/gmail/fail-next").handler(ctx -> {
            JsonObject body = SandboxTokenVault.body(ctx);
            String reason = body.getString("reason", "backendError");
            if (!GmailErrors.REASONS.contains(reason)) {
                throw new IllegalArgumentException("reason must be one of " + GmailErrors.REASONS);
            }
            SheetsError.Form.valueOf(body.getString("form", "both").toUpperCase());
            failSpec = body.copy().put("reason", reason);
            failNext.set(body.getInteger("count", 1));
            Sandbox.json(ctx, 200, failSpec.copy().put("failNext", failNext.get()));
        });
        router.post("/sandbox/gmail/quota").handler(quota::control);
        router.get("/sandbox/gmail/quota").handler(ctx -> Sandbox.json(ctx, 200, quota.describe()));
        router.post("/sandbox/gmail/lose-next-answer").handler(ctx -> {
            loseNextAnswer.set(true);
            Sandbox.json(ctx, 200, new JsonObject().put("loseNextAnswer", true));
        });
        tokens.mount(router);
    }

    private void send(RoutingContext ctx) {
        Optional<GoogleGrant> grant = bearer(ctx).flatMap(t -> issued.find(t).or(() -> tokens.find(t))).filter(g -> !g.expired());
        if (grant.isEmpty()) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"https://accounts.google.com/\", "
                    + "error=\"invalid_token\"");
            answer(ctx, GmailErrors.invalidCredentials());
            return;
        }
        if (grant.get().scopes().stream().noneMatch(SENDING_SCOPES::contains)) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"https://accounts.google.com/\", "
                    + "error=\"insufficient_scope\", scope=\"" + DemoUsers.GMAIL_SEND + "\"");
            answer(ctx, GmailErrors.insufficientScopes(SheetsError.Form.BOTH));
            return;
        }
        String userId = ctx.pathParam("userId");
        if (!"me".equals(userId) && !userId.equalsIgnoreCase(grant.get().email())) {
            googleError(ctx, 403, "PERMISSION_DENIED", "forbidden", "Delegation denied for " + grant.get().email());
            return;
        }
        if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            JsonObject spec = failSpec;
            answer(ctx, GmailErrors.injected(spec.getString("reason"), spec.getInteger("status", 503),
                    SheetsError.Form.valueOf(spec.getString("form", "both").toUpperCase()),
                    spec.getLong("retryAfterSeconds", 60L)));
            return;
        }
        Optional<GoogleQuota.Exceeded> overQuota = quota.charge("units", grant.get().subject(), SEND_UNITS);
        if (overQuota.isPresent()) {
            answer(ctx, GmailErrors.quota(overQuota.get()));
            return;
        }
        byte[] rfc822;
        try {
            JsonObject body = new JsonObject(decompressed(ctx));
            rfc822 = Base64.getUrlDecoder().decode(body.getString("raw", ""));
        } catch (IOException | DecodeException | IllegalArgumentException | ClassCastException e) {
            googleError(ctx, 400, "INVALID_ARGUMENT", "invalidArgument", "Invalid value for ByteString: raw");
            return;
        }
        if (rfc822.length == 0) {
            googleError(ctx, 400, "INVALID_ARGUMENT", "invalidArgument", "'raw' RFC822 payload message string or "
                    + "uploading message via /upload/* URL required");
            return;
        }
        GmailOutbox.SentMail mail;
        try {
            mail = outbox.add(rfc822, grant.get().email());
        } catch (GmailOutbox.Unreadable e) {
            googleError(ctx, 400, "INVALID_ARGUMENT", "invalidArgument", e.getMessage());
            return;
        }
        LOG.infof("Sandbox Gmail sent message %s for %s", mail.id(), grant.get().subject());
        if (loseNextAnswer.getAndSet(false)) {
            ctx.request().connection().close(); // sent, but the client never learns it
            return;
        }
        Sandbox.json(ctx, 200, new JsonObject().put("id", mail.id()).put("threadId", mail.threadId())
                .put("labelIds", new JsonArray().add("SENT")));
    }

    private static Optional<String> bearer(RoutingContext ctx) {
        String header = ctx.request().getHeader("Authorization");
        return header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                ? Optional.of(header.substring(7).trim())
                : Optional.empty();
    }

    private static String decompressed(RoutingContext ctx) throws IOException {
        Buffer body = ctx.body().buffer();
        if (body == null) {
            return "";
        }
        if (!"gzip".equalsIgnoreCase(ctx.request().getHeader("Content-Encoding"))) {
            return body.toString();
        }
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body.getBytes()))) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private static void answer(RoutingContext ctx, GmailErrors.Refusal refusal) {
        Sandbox.json(ctx, refusal.status(), refusal.body());
    }

    /** Google's JSON error shape: {@code {"error":{"code","message","errors":[{...,"reason"}],"status"}}}. */
    static void googleError(RoutingContext ctx, int code, String status, String reason, String message) {
        JsonObject error = new JsonObject().put("code", code).put("message", message)
                .put("errors", new JsonArray().add(new JsonObject().put("message", message).put("domain", "global")
                        .put("reason", reason)))
                .put("status", status);
        Sandbox.json(ctx, code, new JsonObject().put("error", error));
    }
}
