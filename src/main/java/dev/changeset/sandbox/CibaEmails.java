package dev.changeset.sandbox;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.google.common.html.HtmlEscapers;

import dev.changeset.sandbox.CibaLedger.Action;
import dev.changeset.sandbox.CibaLedger.Entry;
import dev.changeset.sandbox.CibaLedger.Status;
import dev.changeset.sandbox.DemoUsers.DemoUser;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Auth0's CIBA email channel (https://auth0.com/docs/get-started/authentication-and-authorization-flow/client-
 * initiated-backchannel-authentication-flow/email-notifications-with-ciba): for a request sent by email, the tenant
 * mails the user's verified address a message made from the "Asynchronous Approval" template (the documented example
 * template: subject "Action Required", body "{{application.name}} says click on {{url}}, binding message:
 * {{binding_message}}", https://auth0.com/docs/get-started/applications/configure-client-initiated-backchannel-
 * authentication, "Configure your email template"); its link is {@code /bc-verify?consent=cns_...} (step 4), where the
 * browser shows the consent details (binding message, scope, audience, authorization_details; steps 5 and 6) and the
 * user accepts or declines. The answer then reaches the client's poll as for a push.
 * <ul>
 * <li>{@code GET /auth0-mail/{user}}: the user's mailbox of Auth0's approval emails (HTML), links included.</li>
 * <li>{@code GET /sandbox/ciba/emails?user=frank}: the same as JSON (to, subject, text, url, request id).</li>
 * <li>{@code GET /bc-verify?consent=...}: the consent page; {@code POST /bc-verify} ({@code consent},
 * {@code decision=accept|decline}) answers it.</li>
 * </ul>
 * One deviation: Auth0 asks the user to sign in first when the browser has no session (step 5); the sandbox's link
 * opens the consent page directly (the consent id is an unguessable secret, as the link is).
 */
final class CibaEmails {

    static final String SUBJECT = "Action Required";
    static final String APPLICATION = "Commerce Changeset";

    private final CibaLedger ledger;
    private final String base;

    CibaEmails(CibaLedger ledger, String issuer) {
        this.ledger = ledger;
        this.base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
    }

    void mount(Router router) {
        router.get("/auth0-mail/:user").handler(this::mailbox);
        router.get("/sandbox/ciba/emails").handler(this::emails);
        router.get("/bc-verify").handler(this::consent);
        router.post("/bc-verify").handler(this::answer);
    }

    /** The link of an email request. */
    String url(Entry entry) {
        return base + "/bc-verify?consent=" + entry.consentId;
    }

    private JsonObject email(Entry entry) {
        return new JsonObject().put("request_id", entry.id).put("to", entry.user.email()).put("subject", SUBJECT)
                .put("text", APPLICATION + " says click on " + url(entry) + ", binding message: "
                        + entry.bindingMessage)
                .put("url", url(entry)).put("binding_message", entry.bindingMessage)
                .put("sent_at", entry.createdAt.toString()).put("status", entry.status.name().toLowerCase());
    }

    private List<Entry> sent(Optional<DemoUser> to) {
        return ledger.entries(e -> e.consentId != null && to.map(u -> u.equals(e.user)).orElse(true)).stream()
                .sorted(Comparator.comparing((Entry e) -> e.createdAt).reversed()).toList();
    }

    private void emails(RoutingContext ctx) {
        String user = ctx.request().getParam("user");
        Optional<DemoUser> to = Optional.ofNullable(user).flatMap(DemoUsers::find);
        if (user != null && to.isEmpty()) {
            Sandbox.error(ctx, 400, "invalid_request", "no demo user '" + user + "'");
            return;
        }
        Sandbox.json(ctx, 200, new JsonObject().put("emails", new JsonArray(sent(to).stream().map(this::email)
                .toList())));
    }

    private void mailbox(RoutingContext ctx) {
        Optional<DemoUser> user = DemoUsers.find(ctx.pathParam("user"));
        if (user.isEmpty()) {
            send(ctx, 404, head("Mail").append("<p>No such user.</p></body></html>"));
            return;
        }
        StringBuilder html = head("Mail: " + user.get().email());
        html.append("<h1>").append(esc(user.get().email())).append(": Auth0 approval emails</h1>");
        List<Entry> mails = sent(user);
        if (mails.isEmpty()) {
            html.append("<p>No mail.</p>");
        }
        for (Entry e : mails) {
            html.append("<section class=\"mail\"><p class=\"meta\">From Auth0, ").append(esc(e.createdAt.toString()))
                    .append(" (").append(e.status.name().toLowerCase()).append(")</p><h3>").append(SUBJECT)
                    .append("</h3><p>").append(esc(APPLICATION)).append(" says click on <a class=\"verify\" href=\"")
                    .append(esc(url(e))).append("\">").append(esc(url(e))).append("</a>, binding message: <b>")
                    .append(esc(e.bindingMessage)).append("</b></p></section>");
        }
        send(ctx, 200, html.append("</body></html>"));
    }

    private void consent(RoutingContext ctx) {
        Optional<Entry> found = Optional.ofNullable(ctx.request().getParam("consent")).flatMap(ledger::byConsent);
        if (found.isEmpty()) {
            send(ctx, 404, head("Approval").append("<p>This link is not valid.</p></body></html>"));
            return;
        }
        Entry e = found.get();
        StringBuilder html = head("Approval request");
        html.append("<h1>Approval request</h1><p>Signed in as ").append(esc(e.user.email())).append("</p>")
                .append("<h2 class=\"binding\">").append(esc(e.bindingMessage)).append("</h2>")
                .append("<p class=\"meta\">scope ").append(esc(e.scope))
                .append(e.audience == null ? "" : ", for " + esc(e.audience)).append("</p>");
        details(html, e);
        if (e.status != Status.PENDING) {
            html.append("<p class=\"done\">This request is ").append(e.status == Status.REDEEMED ? "approved"
                    : e.status.name().toLowerCase()).append(".</p>");
        } else {
            for (String decision : List.of("accept", "decline")) {
                html.append("<form method=\"post\" action=\"/bc-verify\"><input type=\"hidden\" name=\"consent\""
                        + " value=\"").append(esc(e.consentId)).append("\"><input type=\"hidden\" name=\"decision\""
                        + " value=\"").append(decision).append("\"><button class=\"").append(decision).append("\">")
                        .append(decision.equals("accept") ? "Accept" : "Decline").append("</button></form>");
            }
        }
        send(ctx, 200, html.append("</body></html>"));
    }

    private void answer(RoutingContext ctx) {
        String consent = ctx.request().getFormAttribute("consent");
        String decision = ctx.request().getFormAttribute("decision");
        Optional<Entry> found = Optional.ofNullable(consent).flatMap(ledger::byConsent);
        if (found.isEmpty()) {
            send(ctx, 404, head("Approval").append("<p>This link is not valid.</p></body></html>"));
            return;
        }
        if (!"accept".equals(decision) && !"decline".equals(decision)) {
            send(ctx, 400, head("Approval").append("<p>decision must be accept or decline.</p></body></html>"));
            return;
        }
        if (!ledger.decide(found.get(), decision.equals("accept") ? Action.APPROVE : Action.DENY)) {
            send(ctx, 409, head("Approval").append("<p>This request is no longer pending (")
                    .append(found.get().status.name().toLowerCase()).append(").</p></body></html>"));
            return;
        }
        // Auth0 shows the customized consent prompt's accepted / declined screen (step 6)
        send(ctx, 200, head("Approval").append("<p class=\"result\">").append(decision.equals("accept")
                ? "You accepted the request." : "You declined the request.").append(" You can close this window.</p>")
                .append("</body></html>"));
    }

    private static void details(StringBuilder html, Entry entry) {
        if (entry.details == null) {
            return;
        }
        for (Object item : entry.details) {
            JsonObject detail = (JsonObject) item;
            html.append("<p class=\"instruction\">").append(esc(detail.getString("instruction", ""))).append("</p>");
            if (detail.getValue("properties") instanceof JsonObject properties) {
                html.append("<ol class=\"details\">");
                properties.stream()
                        .filter(p -> p.getValue() instanceof JsonObject o && o.getBoolean("display", false))
                        .map(p -> (JsonObject) p.getValue())
                        .sorted(Comparator.comparing(o -> o.getInteger("display_order", Integer.MAX_VALUE)))
                        .forEach(o -> html.append("<li><b>").append(esc(o.getString("name", ""))).append("</b>: ")
                                .append(esc(String.valueOf(o.getValue("value")))).append("</li>"));
                html.append("</ol>");
            } else {
                html.append("<ul class=\"details\">");
                for (Map.Entry<String, Object> member : detail) {
                    html.append("<li><b>").append(esc(member.getKey())).append("</b>: ")
                            .append(esc(String.valueOf(member.getValue()))).append("</li>");
                }
                html.append("</ul>");
            }
        }
    }

    private static StringBuilder head(String title) {
        return new StringBuilder("<!doctype html><html><head><meta charset=\"utf-8\"><title>").append(esc(title))
                .append("</title><style>body{font-family:sans-serif;max-width:40em;margin:2em auto}"
                        + ".mail{border:1px solid #999;border-radius:8px;padding:1em;margin:1em 0}"
                        + ".meta{color:#555}form{display:inline;margin-right:1em}button{font-size:1.1em;"
                        + "padding:.4em 1.2em}.accept{background:#2a7}.decline{background:#d44}</style></head><body>");
    }

    private static void send(RoutingContext ctx, int status, StringBuilder html) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "text/html; charset=utf-8")
                .putHeader("Cache-Control", "no-store").end(html.toString());
    }

    private static String esc(String text) {
        return HtmlEscapers.htmlEscaper().escape(text);
    }
}
