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
 * {@code POST /sandbox/gmail/fail-next {"count":N,"status":503}} (the next N sends fail, nothing sent),
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
    private final AtomicInteger failNext = new AtomicInteger();
    private volatile int failStatus = 503;
    private final AtomicBoolean loseNextAnswer = new AtomicBoolean();

    public SandboxGmail(RegisteredGoogleTokens tokens, GoogleTokenIntrospection issued) {
        this.tokens = tokens;
        this.issued = issued;
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
        router.post("/sandbox/gmail/fail-next").handler(ctx -> {
            JsonObject body = ctx.body().length() == 0 ? new JsonObject() : ctx.body().asJsonObject();
            failStatus = body.getInteger("status", 503);
            failNext.set(body.getInteger("count", 1));
            Sandbox.json(ctx, 200, new JsonObject().put("failNext", failNext.get()).put("status", failStatus));
        });
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
            googleError(ctx, 401, "UNAUTHENTICATED", "authError", "Request had invalid authentication credentials. "
                    + "Expected OAuth 2 access token, login cookie or other valid authentication credential.");
            return;
        }
        if (grant.get().scopes().stream().noneMatch(SENDING_SCOPES::contains)) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"https://accounts.google.com/\", "
                    + "error=\"insufficient_scope\", scope=\"" + DemoUsers.GMAIL_SEND + "\"");
            googleError(ctx, 403, "PERMISSION_DENIED", "insufficientPermissions",
                    "Request had insufficient authentication scopes.");
            return;
        }
        String userId = ctx.pathParam("userId");
        if (!"me".equals(userId) && !userId.equalsIgnoreCase(grant.get().email())) {
            googleError(ctx, 403, "PERMISSION_DENIED", "forbidden", "Delegation denied for " + grant.get().email());
            return;
        }
        if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            googleError(ctx, failStatus, failStatus == 503 ? "UNAVAILABLE" : "INTERNAL", "backendError",
                    "The service is currently unavailable.");
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

    /** Google's JSON error shape: {@code {"error":{"code","message","errors":[{...,"reason"}],"status"}}}. */
    static void googleError(RoutingContext ctx, int code, String status, String reason, String message) {
        JsonObject error = new JsonObject().put("code", code).put("message", message)
                .put("errors", new JsonArray().add(new JsonObject().put("message", message).put("domain", "global")
                        .put("reason", reason)))
                .put("status", status);
        Sandbox.json(ctx, code, new JsonObject().put("error", error));
    }
}
