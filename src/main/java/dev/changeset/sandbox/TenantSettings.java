package dev.changeset.sandbox;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The Auth0 tenant settings (Dashboard, Settings, Advanced) an MCP deployment needs, all on in the sandbox as the
 * README's tenant steps ask; tests turn one off with {@code PATCH /sandbox/tenant} ({@code {"dynamic_client_registration":
 * false}}) to show what a client sees when a step is missing. {@code POST /sandbox/auth0/reset} does not touch them;
 * {@code PATCH} with all four restores them.
 * <ul>
 * <li>{@code resource_parameter_profile}: "Resource Parameter Compatibility Profile". On, {@code resource} names the
 * token's audience when no {@code audience} is sent; off, Auth0 ignores it (auth4genai/mcp/guides/resource-param-
 * compatibility-profile.mdx, "How it works"). The Management API calls the two states {@code compatibility} and
 * {@code audience} (main/docs/api/authentication/authorization-code-flow-with-pkce/authorize-with-pkce.mdx).</li>
 * <li>{@code include_issuer}: "Include Issuer in Authorization Responses": the {@code iss} parameter on the redirect
 * back to the client (RFC 9207; auth4genai/snippets/mcp/get-started/pre-reqs/enable-resource-param-step.mdx).</li>
 * <li>{@code dynamic_client_registration}: "Dynamic Client Registration (DCR)", off by default at Auth0
 * (main/docs/get-started/applications/dynamic-client-registration.mdx).</li>
 * <li>{@code client_id_metadata_documents}: "Client ID Metadata Document Registration": advertises
 * {@code client_id_metadata_document_supported} (main/docs/get-started/auth0-overview/create-applications/
 * register-applications-with-cimd.mdx, "Tenant configuration").</li>
 * </ul>
 */
final class TenantSettings {

    private volatile boolean resourceParameterProfile = true;
    private volatile boolean includeIssuer = true;
    private volatile boolean dynamicClientRegistration = true;
    private volatile boolean clientIdMetadataDocuments = true;

    boolean resourceParameterProfile() {
        return resourceParameterProfile;
    }

    /**
     * The audience a request names: {@code audience}, else {@code resource} while the Resource Parameter
     * Compatibility Profile is on ("If both the resource and audience are available, the audience will still be
     * used", resource-param-compatibility-profile.mdx; its "Supported flows" list {@code /authorize}, CIBA and the
     * refresh token grant); null when it names none.
     */
    String audience(String audience, String resource) {
        return audience != null ? audience : resourceParameterProfile ? resource : null;
    }

    boolean includeIssuer() {
        return includeIssuer;
    }

    boolean dynamicClientRegistration() {
        return dynamicClientRegistration;
    }

    boolean clientIdMetadataDocuments() {
        return clientIdMetadataDocuments;
    }

    void mount(Router router) {
        router.get("/sandbox/tenant").handler(ctx -> Sandbox.json(ctx, 200, describe()));
        router.patch("/sandbox/tenant").handler(this::update);
    }

    private void update(RoutingContext ctx) {
        JsonObject body = ctx.body().length() == 0 ? new JsonObject() : ctx.body().asJsonObject();
        for (String name : body.fieldNames()) {
            if (!(body.getValue(name) instanceof Boolean)) {
                Sandbox.error(ctx, 400, "invalid_body", name + " must be true or false");
                return;
            }
            if (!describe().containsKey(name)) {
                Sandbox.error(ctx, 400, "invalid_body", "no tenant setting '" + name + "'; known: "
                        + describe().fieldNames());
                return;
            }
        }
        resourceParameterProfile = body.getBoolean("resource_parameter_profile", resourceParameterProfile);
        includeIssuer = body.getBoolean("include_issuer", includeIssuer);
        dynamicClientRegistration = body.getBoolean("dynamic_client_registration", dynamicClientRegistration);
        clientIdMetadataDocuments = body.getBoolean("client_id_metadata_documents", clientIdMetadataDocuments);
        Sandbox.json(ctx, 200, describe());
    }

    private JsonObject describe() {
        return new JsonObject().put("resource_parameter_profile", resourceParameterProfile)
                .put("include_issuer", includeIssuer)
                .put("dynamic_client_registration", dynamicClientRegistration)
                .put("client_id_metadata_documents", clientIdMetadataDocuments);
    }
}
