package dev.changeset.sandbox;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import dev.changeset.sandbox.Applications.Application;
import dev.changeset.sandbox.ResourceServers.Api;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /authorize}: the start of the authorization code flow, checked as Auth0 checks it, then handed to the
 * login page ({@link LoginPages}) under a transaction id, as Universal Login's {@code /u/login?state=...} is.
 *
 * <p>
 * What the checks follow: the client and its exact callback URL first (an unknown client or a URL not registered is
 * shown on a page and never redirected to, RFC 6749 section 4.1.2.1; "Callback URL mismatch" is Auth0's wording,
 * main/docs/quickstart/native/maui.mdx); {@code response_type=code} (main/docs/api/authentication/
 * authorization-code-flow-with-pkce/authorize-with-pkce.mdx); PKCE with {@code S256} only ("Use S256 as Auth0 only
 * supports this method", same page), required of third-party and public clients (security-controls.mdx, "OAuth 2.1
 * standards"); the parameters third-party applications may send (security-controls.mdx, "/authorize parameter
 * validation"); the audience from {@code audience}, else from {@code resource} when the Resource Parameter
 * Compatibility Profile is on ("If both the resource and audience are available, the audience will still be used",
 * resource-param-compatibility-profile.mdx), and Auth0's "Service not found" for an API it does not know; a
 * third-party application needs a grant on that API (third-party-applications/troubleshooting.mdx,
 * "unauthorized_client"). Third-party applications get no OIDC scopes (troubleshooting.mdx, "No ID token").
 *
 * <p>
 * Where an error goes: after the callback URL is known good, a first-party application gets it on its redirect URI
 * ({@code error}, {@code error_description}, {@code state}); a third-party one gets an error page, since their
 * {@code redirection_policy} defaults to {@code open_redirect_protection} ("Auth0 does not redirect to the app
 * callback on authentication errors", security-controls.mdx, "Redirect protection").
 */
final class AuthorizeEndpoint {

    /**
     * The parameters a third-party application may send, plus custom {@code ext-*} ones; "Requests with unsupported
     * parameters receive an {@code invalid_request} error" (security-controls.mdx, "/authorize parameter
     * validation", which also names some it refuses: claims, id_token_hint, invitation, login_ticket, request,
     * request_uri, screen_hint).
     */
    static final Set<String> THIRD_PARTY_ALLOWED = Set.of("acr_values", "audience", "authorization_details",
            "client_id", "code_challenge", "code_challenge_method", "connection", "correlation_id", "display",
            "dpop_jkt", "login_hint", "max_age", "nonce", "prompt", "redirect_uri", "resource", "response_type",
            "scope", "state", "ui_locales");
    /** OpenID Connect scopes: not processed for third-party applications. */
    static final Set<String> OIDC_SCOPES = Set.of("openid", "profile", "email", "address", "phone");
    static final String OFFLINE_ACCESS = "offline_access";
    private static final Pattern S256_CHALLENGE = Pattern.compile("[A-Za-z0-9_-]{43}");

    /** The outcome of the checks: a request to log in for, or the error to report. */
    record Checked(AuthorizationCodes.Request request, String error, String description) {
        static Checked refused(String error, String description) {
            return new Checked(null, error, description);
        }
    }

    private final TenantSettings tenant;
    private final ResourceServers apis;
    private final Applications apps;
    private final AuthorizationCodes codes;
    private final LoginPages pages;

    AuthorizeEndpoint(TenantSettings tenant, ResourceServers apis, Applications apps, AuthorizationCodes codes,
            LoginPages pages) {
        this.tenant = tenant;
        this.apis = apis;
        this.apps = apps;
        this.codes = codes;
        this.pages = pages;
    }

    void mount(Router router) {
        router.get("/authorize").handler(this::authorize);
    }

    private void authorize(RoutingContext ctx) {
        MultiMap query = ctx.queryParams();
        Optional<Application> found = apps.find(query.get("client_id"));
        if (found.isEmpty()) {
            String id = query.get("client_id");
            // Auth0 resolves a CIMD URL only among the clients an administrator imported (Phase 2 of
            // register-applications-with-cimd.mdx); it never fetches the document here.
            pages.error(ctx, 400, "invalid_request", "Unknown client: " + id + (id != null && id.startsWith("https://")
                    ? " (a Client ID Metadata Document URL must first be imported by the tenant's administrator:"
                            + " Applications, Create Application, Import from URL)" : ""));
            return;
        }
        Application app = found.get();
        String redirectUri = query.get("redirect_uri");
        if (redirectUri == null || query.getAll("redirect_uri").size() > 1) {
            pages.error(ctx, 400, "invalid_request", "The request is missing a required parameter: redirect_uri");
            return;
        }
        if (!app.callbacks().contains(redirectUri)) {
            pages.error(ctx, 400, "invalid_request", "Callback URL mismatch. The provided redirect_uri is not in the"
                    + " list of allowed callback URLs.");
            return;
        }
        Checked checked = check(query, app, tenant, apis);
        if (checked.request() == null) {
            if (app.thirdParty()) {
                pages.error(ctx, "invalid_request".equals(checked.error()) ? 400 : 403, checked.error(),
                        checked.description());
            } else {
                Map<String, String> answer = new LinkedHashMap<>();
                answer.put("error", checked.error());
                answer.put("error_description", checked.description());
                answer.put("state", query.get("state"));
                pages.redirect(ctx, redirectUri, answer);
            }
            return;
        }
        String transaction = codes.begin(checked.request());
        ctx.response().setStatusCode(302).putHeader("Location", "/u/login?state=" + transaction)
                .putHeader("Cache-Control", "no-store").end();
    }

    /** Every check after the client and its callback URL, in Auth0's order; pure, for unit tests. */
    static Checked check(MultiMap query, Application app, TenantSettings tenant, ResourceServers apis) {
        for (String name : query.names()) {
            if (query.getAll(name).size() > 1) {
                return Checked.refused("invalid_request", "Parameter " + name + " was given more than once");
            }
            if (app.thirdParty() && !THIRD_PARTY_ALLOWED.contains(name) && !name.startsWith("ext-")) {
                return Checked.refused("invalid_request", "Parameter " + name + " is not supported for third-party"
                        + " applications");
            }
        }
        String responseType = query.get("response_type");
        if (responseType == null) {
            return Checked.refused("invalid_request", "Missing required parameter: response_type");
        }
        if (!"code".equals(responseType)) {
            return Checked.refused("unsupported_response_type", "Unsupported response type: " + responseType);
        }
        if (!app.grantTypes().contains("authorization_code")) {
            return Checked.refused("unauthorized_client", "Grant type 'authorization_code' not allowed for the"
                    + " client.");
        }
        String challenge = query.get("code_challenge");
        String method = query.get("code_challenge_method");
        if (challenge == null && (app.thirdParty() || app.publicClient())) {
            return Checked.refused("invalid_request", "Missing required parameter: code_challenge (PKCE is required"
                    + " for this application)");
        }
        if (challenge != null && !"S256".equals(method)) {
            return Checked.refused("invalid_request", "Unsupported code_challenge_method: "
                    + (method == null ? "(none, which means plain)" : method) + "; only S256 is supported");
        }
        if (challenge != null && !S256_CHALLENGE.matcher(challenge).matches()) {
            return Checked.refused("invalid_request", "code_challenge must be the base64url SHA-256 of the"
                    + " code_verifier (43 characters)");
        }
        String audience = tenant.audience(query.get("audience"), query.get("resource"));
        Api api = null;
        if (audience != null) {
            Optional<Api> known = apis.find(audience);
            if (known.isEmpty()) {
                return Checked.refused("access_denied", "Service not found: " + audience);
            }
            api = known.get();
            if (app.thirdParty() && api.thirdPartyScopes().isEmpty()) {
                return Checked.refused("unauthorized_client", "Client \"" + app.presentedId()
                        + "\" is not authorized to access resource server \"" + api.identifier() + "\".");
            }
        }
        if ("none".equals(query.get("prompt"))) {
            return Checked.refused("login_required", "The user is not logged in");
        }
        return new Checked(new AuthorizationCodes.Request(app, query.get("redirect_uri"), query.get("state"),
                challenge, api, grantable(query.get("scope"), app, api), query.get("nonce")), null, null);
    }

    /**
     * The requested scopes that may be granted, in the order asked: the API's permissions (for a third-party
     * application only those its grant holds), {@code offline_access} when the API allows it, and OIDC scopes for
     * first-party applications. Auth0 leaves out what may not be granted rather than failing.
     */
    static List<String> grantable(String scope, Application app, Api api) {
        return grantable(scope, app.firstParty(), api);
    }

    /** As {@link #grantable(String, Application, Api)} for a first-party or a third-party application. */
    static List<String> grantable(String scope, boolean firstParty, Api api) {
        List<String> granted = new ArrayList<>();
        if (scope == null) {
            return granted;
        }
        for (String s : Arrays.stream(scope.trim().split("\\s+")).distinct().toList()) {
            boolean apiScope = api != null && api.scopes().contains(s)
                    && (firstParty || api.thirdPartyScopes().contains(s));
            boolean offline = OFFLINE_ACCESS.equals(s) && (api == null || api.allowOfflineAccess());
            boolean oidc = OIDC_SCOPES.contains(s) && firstParty;
            if (apiScope || offline || oidc) {
                granted.add(s);
            }
        }
        return granted;
    }
}
