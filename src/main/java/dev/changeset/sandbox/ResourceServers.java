package dev.changeset.sandbox;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The sandbox tenant's APIs (Auth0 "resource servers"), the only audiences it issues tokens for. An MCP server is an
 * API like any other whose identifier is its MCP URL (auth4genai/snippets/mcp/get-started/create-mcp-api.mdx; RFC
 * 8707 wants an absolute URI: auth4genai/mcp/guides/resource-param-compatibility-profile.mdx). Each API here has the
 * two MCP permissions, "Allow Offline Access" on (main/docs/api/authentication/authorization-code-flow-with-pkce/
 * get-token-pkce.mdx: a refresh token needs it), and by default both permissions granted to every third-party
 * application ("Default Permissions for Third-Party Applications", auth4genai/mcp/guides/registering-your-mcp-client-
 * application/dynamic-client-registration.mdx): without them DCR and CIMD clients reach no API.
 *
 * <p>
 * Auth0 learns APIs when an administrator creates them; the sandbox learns them at start (its {@link Sandbox#start}
 * list: the served MCP URLs) and from {@code POST /sandbox/apis} ({@code {"identifier": "...",
 * "third_party_scopes": [...]}}), the test's stand-in for {@code POST /api/v2/resource-servers}.
 *
 * <p>
 * The tenant has no "Default Audience" (Tenant Settings, API Authorization Settings): a new Auth0 tenant has none
 * and the README's tenant steps set none, since setting one "is equivalent to appending this audience to every
 * authorization request made to your tenant for every application" (main/docs/get-started/tenant-settings.mdx). So
 * a request that names no API (no {@code audience}, no {@code resource} under the compatibility profile) gets what
 * Auth0 then issues: an opaque access token good only for {@code /userinfo} (main/docs/secure/tokens/access-tokens/
 * get-access-tokens.mdx, "Control access token audience"; {@link UserInfoEndpoint}), which an MCP server refuses.
 * The first API registered is only the audience the sandbox's own {@code POST /sandbox/tokens} mints for when a
 * test names none ({@link #firstApi}).
 */
final class ResourceServers {

    /** The scopes every sandbox API defines, with the descriptions the consent page shows. */
    static final Map<String, String> PERMISSIONS = Map.of(
            "changeset:read", "Read the catalog, previews, changesets and receipts",
            "changeset:write", "Change the catalog and send receipts (each change still needs your approval)");

    /** One API. {@code thirdPartyScopes}: its default grant to third-party applications (empty: none). */
    record Api(String identifier, String name, Set<String> scopes, boolean allowOfflineAccess,
            Set<String> thirdPartyScopes, long tokenLifetimeSeconds) {
    }

    private final Map<String, Api> apis = new ConcurrentHashMap<>();
    private final List<String> order = new CopyOnWriteArrayList<>();

    ResourceServers(List<String> identifiers) {
        identifiers.forEach(this::register);
    }

    /** Registers an API with the MCP permissions, all granted to third-party applications; an existing one stays. */
    Api register(String identifier) {
        Api existing = identifier == null ? null : apis.get(canonical(identifier));
        return existing != null ? existing : register(identifier, PERMISSIONS.keySet(), 86400);
    }

    /** Registers (or replaces) an API; {@code 86400} s is Auth0's default token lifetime for a new API. */
    Api register(String identifier, Set<String> thirdPartyScopes, long tokenLifetimeSeconds) {
        String problem = identifierProblem(identifier);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        Api api = new Api(identifier, "Commerce Changeset MCP (" + identifier + ")", PERMISSIONS.keySet(), true,
                Set.copyOf(thirdPartyScopes), tokenLifetimeSeconds);
        if (apis.put(canonical(identifier), api) == null) {
            order.add(identifier);
        }
        return api;
    }

    /**
     * Registers an API Auth0 itself defines, with its own permissions (the My Account API,
     * {@link SandboxMyAccount}): none granted to third-party applications, and never {@link #firstApi}.
     */
    Api registerAuth0Api(String identifier, String name, Set<String> scopes, long tokenLifetimeSeconds) {
        Api api = new Api(identifier, name, Set.copyOf(scopes), false, Set.of(), tokenLifetimeSeconds);
        apis.put(canonical(identifier), api);
        return api;
    }

    Optional<Api> find(String identifier) {
        return identifier == null ? Optional.empty() : Optional.ofNullable(apis.get(canonical(identifier)));
    }

    /**
     * {@code identifier} with its scheme and host in lower case, the rest as it is: how APIs are looked up, so that
     * {@code HTTPS://Example.COM/mcp} names {@code https://example.com/mcp}. The MCP specification (2025-11-25,
     * Authorization, "Canonical Server URI"): "While the canonical form uses lowercase scheme and host
     * components, implementations SHOULD accept uppercase scheme and host components for robustness and
     * interoperability" (RFC 3986 section 6.2.2.1: both are case-insensitive). The path, query and anything else stay case-sensitive.
     */
    static String canonical(String identifier) {
        int start = identifier.indexOf("://");
        if (start < 0) {
            return identifier;
        }
        int end = start + 3;
        while (end < identifier.length() && "/?#".indexOf(identifier.charAt(end)) < 0) {
            end++;
        }
        String authority = identifier.substring(start + 3, end);
        return authority.contains("@") ? identifier.substring(0, start).toLowerCase(Locale.ROOT)
                + identifier.substring(start)
                : identifier.substring(0, end).toLowerCase(Locale.ROOT) + identifier.substring(end);
    }

    /** The first API registered: what {@code /sandbox/tokens} mints for by default (not an Auth0 Default Audience). */
    Optional<Api> firstApi() {
        return order.isEmpty() ? Optional.empty() : find(order.get(0));
    }

    List<Api> all() {
        return order.stream().map(apis::get).toList();
    }

    void mount(Router router) {
        router.post("/sandbox/apis").handler(this::registerFromRequest);
        router.get("/sandbox/apis").handler(ctx -> Sandbox.json(ctx, 200, new JsonObject().put("apis",
                new JsonArray(all().stream().map(ResourceServers::describe).toList()))));
    }

    private void registerFromRequest(RoutingContext ctx) {
        JsonObject body = ctx.body().length() == 0 ? new JsonObject() : ctx.body().asJsonObject();
        String identifier = body.getString("identifier");
        String problem = identifierProblem(identifier);
        if (problem != null) {
            Sandbox.error(ctx, 400, "invalid_body", problem);
            return;
        }
        JsonArray scopes = body.getJsonArray("third_party_scopes", new JsonArray(List.copyOf(PERMISSIONS.keySet())));
        if (!PERMISSIONS.keySet().containsAll(scopes.getList())) {
            Sandbox.error(ctx, 400, "invalid_body", "third_party_scopes may hold only " + PERMISSIONS.keySet());
            return;
        }
        Set<String> granted = Set.copyOf(scopes.stream().map(String::valueOf).toList());
        Api api = register(identifier, granted, body.getLong("token_lifetime", 86400L));
        Sandbox.json(ctx, 201, describe(api));
    }

    private static String identifierProblem(String identifier) {
        if (identifier == null || identifier.isBlank()) {
            return "identifier is required";
        }
        try {
            URI uri = new URI(identifier);
            if (!uri.isAbsolute() || uri.getFragment() != null) {
                return "identifier must be an absolute URI without a fragment (RFC 8707): " + identifier;
            }
        } catch (java.net.URISyntaxException e) {
            return "identifier is not a URI: " + identifier;
        }
        return null;
    }

    private static JsonObject describe(Api api) {
        return new JsonObject().put("identifier", api.identifier()).put("name", api.name())
                .put("scopes", new JsonArray(api.scopes().stream().sorted().toList()))
                .put("allow_offline_access", api.allowOfflineAccess())
                .put("third_party_scopes", new JsonArray(api.thirdPartyScopes().stream().sorted().toList()))
                .put("token_lifetime", api.tokenLifetimeSeconds());
    }
}
