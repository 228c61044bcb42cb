package dev.changeset.sandbox;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.google.common.html.HtmlEscapers;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Google's OAuth 2.0 consent for Auth0's Google connection, as "Using OAuth 2.0 for Web Server Applications"
 * (https://developers.google.com/identity/protocols/oauth2/web-server) describes it: Auth0 sends the browser to
 * {@code /o/oauth2/v2/auth} with {@code client_id}, {@code redirect_uri}, {@code response_type=code}, {@code scope}
 * (space-separated), {@code access_type=offline}, {@code prompt=consent} and {@code state}; the person sees the
 * scopes asked for and may leave some out (granular consent,
 * https://developers.google.com/identity/protocols/oauth2/resources/granular-permissions); Google redirects to
 * {@code redirect_uri} with {@code code}, {@code scope} (those granted) and {@code state}, or with
 * {@code error=access_denied}. The sandbox's "Google account" is the demo user the flow is for.
 */
final class GoogleConsentPage {

    /** Auth0's client at Google (the connection's client id). */
    static final String AUTH0_CLIENT_AT_GOOGLE = "sandbox-auth0-google-connection.apps.googleusercontent.com";

    private record Asked(String state, List<String> scopes, String email) {
    }

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Asked> asked = new ConcurrentHashMap<>();
    private final Map<String, List<String>> codes = new ConcurrentHashMap<>();
    private String callback;

    void mount(Router router, String auth0Callback) {
        this.callback = auth0Callback;
        router.get("/o/oauth2/v2/auth").handler(this::page);
        router.post("/o/oauth2/v2/auth/decision").handler(this::decision);
    }

    /** Where Auth0 sends the browser for {@code scopes}, its {@code state} being the flow's ticket. */
    String authorizationUrl(String state, List<String> scopes, String email) {
        asked.put(state, new Asked(state, List.copyOf(scopes), email));
        return SandboxMyAccount.query("/o/oauth2/v2/auth", "client_id", AUTH0_CLIENT_AT_GOOGLE, "redirect_uri",
                callback, "response_type", "code", "scope", String.join(" ", scopes), "access_type", "offline",
                "prompt", "consent", "state", state);
    }

    /** The scopes granted with {@code code}, once; empty for an unknown or used code. */
    Optional<List<String>> redeem(String code) {
        return Optional.ofNullable(code).map(codes::remove);
    }

    private void page(RoutingContext ctx) {
        Asked request = asked.get(String.valueOf(ctx.queryParams().get("state")));
        if (request == null || !callback.equals(ctx.queryParams().get("redirect_uri"))) {
            Sandbox.html(ctx, 400, "<h1>Error 400: redirect_uri_mismatch</h1>");
            return;
        }
        StringBuilder html = new StringBuilder("<!doctype html><html><head><meta charset=\"utf-8\"><title>Sign in - "
                + "Google Accounts</title></head><body><h1>Google</h1><p>Signed in as ")
                .append(escape(request.email())).append("</p><p>Commerce Changeset (through Auth0) wants to access "
                        + "your Google Account:</p><form method=\"post\" action=\"/o/oauth2/v2/auth/decision\">")
                .append("<input type=\"hidden\" name=\"state\" value=\"").append(escape(request.state()))
                .append("\"><ul>");
        for (String scope : request.scopes()) {
            html.append("<li><label><input type=\"checkbox\" name=\"scope\" checked value=\"").append(escape(scope))
                    .append("\"> ").append(escape(scope)).append("</label></li>");
        }
        html.append("</ul><button name=\"decision\" value=\"allow\">Allow</button> "
                + "<button name=\"decision\" value=\"deny\">Cancel</button></form></body></html>");
        Sandbox.html(ctx, 200, html.toString());
    }

    private void decision(RoutingContext ctx) {
        Asked request = asked.remove(String.valueOf(ctx.request().getFormAttribute("state")));
        if (request == null) {
            Sandbox.html(ctx, 400, "<h1>Error 400: invalid_request</h1>");
            return;
        }
        if (!"allow".equals(ctx.request().getFormAttribute("decision"))) {
            redirect(ctx, SandboxMyAccount.query(callback, "error", "access_denied", "state", request.state()));
            return;
        }
        List<String> granted = ctx.request().formAttributes().getAll("scope").stream()
                .filter(request.scopes()::contains).distinct().toList();
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        String code = "4/sandbox." + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        codes.put(code, granted);
        redirect(ctx, SandboxMyAccount.query(callback, "code", code, "scope", String.join(" ", granted), "state",
                request.state()));
    }

    private static void redirect(RoutingContext ctx, String location) {
        ctx.response().setStatusCode(302).putHeader("Location", location).end();
    }

    private static String escape(String text) {
        return HtmlEscapers.htmlEscaper().escape(text == null ? "" : text);
    }
}
