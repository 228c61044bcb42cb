package dev.changeset.sandbox;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import com.google.common.html.HtmlEscapers;

import dev.changeset.sandbox.AuthorizationCodes.Pending;
import dev.changeset.sandbox.AuthorizationCodes.Request;
import dev.changeset.sandbox.DemoUsers.DemoUser;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The tenant's Universal Login, reduced to what a person does there: {@code /u/login} (pick one of the demo users;
 * the sandbox has no passwords) and {@code /u/consent} (the application's name, where it sends you back, the API and
 * each permission asked, then Accept or Decline). Third-party applications always get the consent page; a first-party
 * one skips it, as with "Allow Skipping User Consent" on the API (main/docs/get-started/applications/
 * third-party-applications/user-consent-and-third-party-applications.mdx). Accepting redirects to the client with
 * {@code code}, {@code state} and, with "Include Issuer in Authorization Responses" on, {@code iss} (RFC 9207).
 * Declining: a first-party application gets {@code error=access_denied} on its callback, a third-party one an error
 * page ("Handle rejected permissions", same document). Plain HTML forms, so a test can drive them as a browser does.
 * Everything an application registered itself (its name) is escaped; the consent page shows the callback's origin
 * so that a client named like another is told apart by where it sends you.
 */
final class LoginPages {

    private final AuthorizationCodes codes;
    private final TenantSettings tenant;
    private final Supplier<String> issuer;

    LoginPages(AuthorizationCodes codes, TenantSettings tenant, Supplier<String> issuer) {
        this.codes = codes;
        this.tenant = tenant;
        this.issuer = issuer;
    }

    void mount(Router router) {
        router.get("/u/login").handler(this::loginPage);
        router.post("/u/login").handler(this::login);
        router.get("/u/consent").handler(this::consentPage);
        router.post("/u/consent").handler(this::consent);
    }

    private Optional<Pending> transaction(RoutingContext ctx, String state) {
        Optional<Pending> pending = codes.pending(state);
        if (pending.isEmpty()) {
            error(ctx, 400, "invalid_request", "This login is unknown or has expired; start again from the"
                    + " application.");
        }
        return pending;
    }

    private void loginPage(RoutingContext ctx) {
        transaction(ctx, ctx.queryParams().get("state")).ifPresent(p -> {
            StringBuilder html = head("Log in");
            html.append("<h1>Log in</h1><p>to continue to <b class=\"client\">").append(esc(p.request().app().name()))
                    .append("</b> (sandbox tenant: pick a demo user, no password)</p>")
                    .append("<form method=\"post\" action=\"/u/login\"><input type=\"hidden\" name=\"state\" value=\"")
                    .append(esc(p.id())).append("\">");
            for (DemoUser user : DemoUsers.ALL) {
                html.append("<label><input type=\"radio\" name=\"user\" value=\"").append(esc(user.handle()))
                        .append("\"").append(user == DemoUsers.ALICE ? " checked" : "").append("> ")
                        .append(esc(user.name())).append(" &lt;").append(esc(user.email())).append("&gt;</label><br>");
            }
            send(ctx, 200, html.append("<button type=\"submit\">Continue</button></form></body></html>"));
        });
    }

    private void login(RoutingContext ctx) {
        String state = ctx.request().getFormAttribute("state");
        transaction(ctx, state).ifPresent(p -> {
            Optional<DemoUser> user = DemoUsers.find(String.valueOf(ctx.request().getFormAttribute("user")));
            if (user.isEmpty()) {
                error(ctx, 400, "invalid_request", "Pick one of the demo users.");
                return;
            }
            codes.loggedIn(p.id(), user.get());
            if (p.request().app().firstParty()) {
                codes.pending(p.id()).ifPresent(consented -> finish(ctx, consented));
            } else {
                ctx.response().setStatusCode(302).putHeader("Location", "/u/consent?state=" + p.id()).end();
            }
        });
    }

    private void consentPage(RoutingContext ctx) {
        transaction(ctx, ctx.queryParams().get("state")).ifPresent(p -> {
            if (p.user() == null) {
                error(ctx, 400, "invalid_request", "Log in first.");
                return;
            }
            Request r = p.request();
            StringBuilder html = head("Authorize application");
            html.append("<h1>Authorize <span class=\"client\">").append(esc(r.app().name())).append("</span></h1>")
                    .append("<p>Logged in as <b class=\"user\">").append(esc(p.user().email())).append("</b>. ")
                    .append(r.app().thirdParty() ? "This application was registered by someone other than the tenant."
                            : "")
                    .append("</p><p>It will send you back to <code class=\"origin\">").append(esc(origin(r.redirectUri())))
                    .append("</code>.</p><p>It asks for access to <code class=\"api\">")
                    .append(esc(r.api() == null ? "your profile only (no API)" : r.api().identifier()))
                    .append("</code>:</p><ul class=\"scopes\">");
            for (String scope : r.scopes()) {
                html.append("<li data-scope=\"").append(esc(scope)).append("\"><code>").append(esc(scope))
                        .append("</code>: ").append(esc(describe(scope))).append("</li>");
            }
            if (r.scopes().isEmpty()) {
                html.append("<li>no permissions</li>");
            }
            html.append("</ul><form method=\"post\" action=\"/u/consent\"><input type=\"hidden\" name=\"state\" value=\"")
                    .append(esc(p.id())).append("\"><button name=\"decision\" value=\"accept\">Accept</button> ")
                    .append("<button name=\"decision\" value=\"decline\">Decline</button></form></body></html>");
            send(ctx, 200, html);
        });
    }

    private void consent(RoutingContext ctx) {
        transaction(ctx, ctx.request().getFormAttribute("state")).ifPresent(p -> {
            if (p.user() == null) {
                error(ctx, 400, "invalid_request", "Log in first.");
                return;
            }
            String decision = ctx.request().getFormAttribute("decision");
            if ("accept".equals(decision)) {
                finish(ctx, p);
                return;
            }
            codes.abandon(p.id());
            if (p.request().app().thirdParty()) {
                error(ctx, 403, "access_denied", "The user denied the authorization request");
            } else {
                Map<String, String> answer = new LinkedHashMap<>();
                answer.put("error", "access_denied");
                answer.put("error_description", "The user denied the authorization request");
                answer.put("state", p.request().state());
                redirect(ctx, p.request().redirectUri(), answer);
            }
        });
    }

    private void finish(RoutingContext ctx, Pending consented) {
        String code = codes.issue(consented);
        Map<String, String> answer = new LinkedHashMap<>();
        answer.put("code", code);
        answer.put("state", consented.request().state());
        redirect(ctx, consented.request().redirectUri(), answer);
    }

    /** Redirects to the client's callback with {@code answer}, plus {@code iss} when the tenant includes it. */
    void redirect(RoutingContext ctx, String redirectUri, Map<String, String> answer) {
        Map<String, String> params = new LinkedHashMap<>(answer);
        if (tenant.includeIssuer()) {
            params.put("iss", issuer.get());
        }
        ctx.response().setStatusCode(302).putHeader("Location", RedirectUris.append(redirectUri, params))
                .putHeader("Cache-Control", "no-store").end();
    }

    /** The error page (no redirect): the code in {@code data-error}, for people and for tests. */
    void error(RoutingContext ctx, int status, String error, String description) {
        send(ctx, status, head("Error").append("<h1>Something went wrong</h1><p class=\"error\" data-error=\"")
                .append(esc(error)).append("\">").append(esc(error)).append(": ").append(esc(description))
                .append("</p></body></html>"));
    }

    private static String describe(String scope) {
        String api = ResourceServers.PERMISSIONS.get(scope);
        if (api != null) {
            return api;
        }
        return AuthorizeEndpoint.OFFLINE_ACCESS.equals(scope)
                ? "Keep access while you are away (a refresh token)" : "Your " + scope;
    }

    private static String origin(String uri) {
        URI u = URI.create(uri);
        return u.getScheme() + "://" + u.getRawAuthority();
    }

    private static StringBuilder head(String title) {
        return new StringBuilder("<!doctype html><html><head><meta charset=\"utf-8\"><title>").append(esc(title))
                .append(" - sandbox tenant</title><style>body{font-family:sans-serif;max-width:40em;margin:2em auto}"
                        + ".error{color:#a00}label{line-height:2}</style></head><body>");
    }

    private static void send(RoutingContext ctx, int status, StringBuilder html) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "text/html; charset=utf-8")
                .putHeader("Cache-Control", "no-store").putHeader("X-Frame-Options", "DENY").end(html.toString());
    }

    private static String esc(String s) {
        return HtmlEscapers.htmlEscaper().escape(s == null ? "" : s);
    }
}
