package dev.changeset.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.google.common.html.HtmlEscapers;

import dev.changeset.sandbox.CibaLedger.Action;
import dev.changeset.sandbox.CibaLedger.Entry;
import dev.changeset.sandbox.CibaLedger.Status;
import dev.changeset.sandbox.DemoUsers.DemoUser;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The phone, in a browser: {@code GET /guardian/{user}} lists the user's pending CIBA requests with their binding
 * message and {@code authorization_details} (each operation: SKU, field, before -> after), each with an Approve and a
 * Deny button that post to {@code /guardian/{user}/{id}/approve|deny} and come back to the page.
 */
final class GuardianPage {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss")
            .withZone(ZoneId.systemDefault());

    private final CibaLedger ledger;

    GuardianPage(CibaLedger ledger) {
        this.ledger = ledger;
    }

    void mount(Router router) {
        router.get("/guardian").handler(this::index);
        router.get("/guardian/:user").handler(this::page);
        router.post("/guardian/:user/:id/approve").handler(ctx -> decide(ctx, Action.APPROVE));
        router.post("/guardian/:user/:id/deny").handler(ctx -> decide(ctx, Action.DENY));
    }

    private void index(RoutingContext ctx) {
        StringBuilder html = head("Guardian");
        html.append("<h1>Guardian (sandbox)</h1><ul>");
        for (DemoUser user : DemoUsers.ALL) {
            long pending = ledger.entries(e -> e.user.equals(user) && e.status == Status.PENDING).size();
            html.append("<li><a href=\"/guardian/").append(esc(user.handle())).append("\">").append(esc(user.name()))
                    .append("</a> (").append(pending).append(" pending)</li>");
        }
        send(ctx, 200, html.append("</ul></body></html>"));
    }

    private void page(RoutingContext ctx) {
        Optional<DemoUser> user = DemoUsers.find(ctx.pathParam("user"));
        if (user.isEmpty()) {
            send(ctx, 404, head("Guardian").append("<p>No such user.</p></body></html>"));
            return;
        }
        DemoUser who = user.get();
        List<Entry> mine = ledger.entries(e -> e.user.equals(who));
        // only pushes reach the phone; email requests wait in the user's mailbox (CibaEmails)
        List<Entry> pending = mine.stream().filter(e -> e.status == Status.PENDING && e.consentId == null).toList();
        StringBuilder html = head("Guardian: " + who.name(), true);
        html.append("<h1>Guardian: ").append(esc(who.name())).append("</h1>");
        if (!ledger.enrolled(who)) {
            html.append(ledger.emailChannel()
                    ? "<p class=\"warn\">Not enrolled for push notifications: Auth0 sends requests by email (<a href=\""
                            + "/auth0-mail/" + esc(who.handle()) + "\">mailbox</a>).</p>"
                    : "<p class=\"warn\">Not enrolled for push notifications: requests are refused.</p>");
        }
        html.append("<h2>Pending (").append(pending.size()).append(")</h2>");
        if (pending.isEmpty()) {
            html.append("<p>Nothing to approve.</p>");
        }
        Instant now = Instant.now();
        for (Entry entry : pending) {
            html.append("<section class=\"request\" id=\"").append(esc(entry.id)).append("\">")
                    .append("<h3 class=\"binding\">").append(esc(entry.bindingMessage)).append("</h3>")
                    .append("<p class=\"meta\">").append(esc(entry.id)).append(" from ").append(esc(entry.clientId))
                    .append(", asked at ").append(TIME.format(entry.createdAt)).append(", expires in ")
                    .append(Math.max(0, Duration.between(now, entry.expiresAt).toSeconds())).append(" s")
                    .append(entry.audience == null ? "" : ", for " + esc(entry.audience)).append("</p>");
            details(html, entry);
            String base = "/guardian/" + esc(who.handle()) + "/" + esc(entry.id);
            html.append("<form method=\"post\" action=\"").append(base).append("/approve\">")
                    .append("<button class=\"approve\">Approve</button></form>")
                    .append("<form method=\"post\" action=\"").append(base).append("/deny\">")
                    .append("<button class=\"deny\">Deny</button></form></section>");
        }
        List<Entry> decided = mine.stream().filter(e -> e.status != Status.PENDING)
                .sorted(Comparator.comparing((Entry e) -> e.createdAt).reversed()).limit(10).toList();
        if (!decided.isEmpty()) {
            html.append("<h2>Recent</h2><ul class=\"recent\">");
            decided.forEach(e -> html.append("<li>").append(esc(e.bindingMessage)).append(": ")
                    .append(e.status == Status.REDEEMED ? "approved (token issued)" : e.status.name().toLowerCase())
                    .append("</li>"));
            html.append("</ul>");
        }
        send(ctx, 200, html.append("</body></html>"));
    }

    /** The details as the Guardian app shows them: the instruction, then each displayed property in order. */
    private static void details(StringBuilder html, Entry entry) {
        if (entry.details == null) {
            return;
        }
        for (Object item : entry.details) {
            JsonObject detail = (JsonObject) item;
            if (detail.getValue("properties") instanceof JsonObject properties) {
                html.append("<p class=\"instruction\">").append(esc(detail.getString("instruction", "")))
                        .append("</p><ol class=\"details\">");
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

    private void decide(RoutingContext ctx, Action action) {
        Optional<DemoUser> user = DemoUsers.find(ctx.pathParam("user"));
        Optional<Entry> entry = ledger.byId(ctx.pathParam("id"))
                .filter(e -> user.isPresent() && e.user.equals(user.get()));
        if (entry.isEmpty()) {
            send(ctx, 404, head("Guardian").append("<p>No such request.</p></body></html>"));
            return;
        }
        if (!ledger.decide(entry.get(), action)) {
            send(ctx, 409, head("Guardian").append("<p>This request is no longer pending (")
                    .append(entry.get().status.name().toLowerCase()).append(").</p><p><a href=\"/guardian/")
                    .append(esc(user.get().handle())).append("\">Back</a></p></body></html>"));
            return;
        }
        ctx.response().setStatusCode(303).putHeader("Location", "/guardian/" + user.get().handle()).end();
    }

    private static StringBuilder head(String title) {
        return head(title, false);
    }

    private static StringBuilder head(String title, boolean refresh) {
        return new StringBuilder("<!doctype html><html><head><meta charset=\"utf-8\">")
                .append(refresh ? "<meta http-equiv=\"refresh\" content=\"5\">" : "")
                .append("<title>").append(esc(title))
                .append("</title><style>body{font-family:sans-serif;max-width:40em;margin:2em auto}"
                        + ".request{border:1px solid #999;border-radius:8px;padding:1em;margin:1em 0}"
                        + ".binding{font-size:1.3em}.meta{color:#555}form{display:inline;margin-right:1em}"
                        + "button{font-size:1.1em;padding:.4em 1.2em}.approve{background:#2a7}.deny{background:#d44}"
                        + ".warn{color:#b00}</style></head><body>");
    }

    private static void send(RoutingContext ctx, int status, StringBuilder html) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "text/html; charset=utf-8")
                .putHeader("Cache-Control", "no-store").end(html.toString());
    }

    private static String esc(String text) {
        return HtmlEscapers.htmlEscaper().escape(text);
    }
}
