package dev.changeset.sandbox;

import java.util.List;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

/**
 * The tenant's discovery document at {@code /.well-known/openid-configuration} and its RFC 8414 alias
 * {@code /.well-known/oauth-authorization-server} (main/docs/get-started/applications/
 * configure-applications-with-oidc-discovery.mdx: the sample response, and "Configure applications with OAuth 2.0
 * Authorization Server Metadata"). Fields follow Auth0's sample, less the endpoints the sandbox does not have
 * (device authorization, MFA challenge) and the methods it does not implement ({@code private_key_jwt}); plus what
 * the enabled features add (every endpoint advertised is served: {@code /userinfo} by {@link UserInfoEndpoint}): CIBA's endpoint and delivery mode, {@code registration_endpoint} with DCR on,
 * {@code client_id_metadata_document_supported} with CIMD on (register-applications-with-cimd.mdx, "Tenant
 * configuration"), and {@code authorization_response_iss_parameter_supported} (RFC 9207) with "Include Issuer in
 * Authorization Responses" on.
 *
 * <p>
 * {@code code_challenge_methods_supported} is Auth0's {@code ["S256", "plain"]} as the sample shows it, which MCP
 * clients check for {@code S256} (MCP 2025-11-25, Authorization, "Authorization Server Metadata Discovery"); the
 * authorize endpoint itself takes only {@code S256}, as Auth0's API reference says (authorize-with-pkce.mdx). Scopes
 * are the OIDC ones: the sample "excludes custom claims and scopes defined in your tenant".
 */
final class AuthorizationServerMetadata {

    private final TenantSettings tenant;

    AuthorizationServerMetadata(TenantSettings tenant) {
        this.tenant = tenant;
    }

    void mount(Router router, String url) {
        router.get("/.well-known/openid-configuration").handler(ctx -> Sandbox.json(ctx, 200, document(url)));
        router.get("/.well-known/oauth-authorization-server").handler(ctx -> Sandbox.json(ctx, 200, document(url)));
    }

    JsonObject document(String url) {
        JsonObject doc = new JsonObject()
                .put("issuer", url + "/")
                .put("authorization_endpoint", url + "/authorize")
                .put("token_endpoint", url + "/oauth/token")
                .put("userinfo_endpoint", url + "/userinfo")
                .put("jwks_uri", url + "/.well-known/jwks.json")
                .put("revocation_endpoint", url + "/oauth/revoke")
                .put("backchannel_authentication_endpoint", url + "/bc-authorize")
                .put("scopes_supported", strings("openid", "profile", "offline_access", "name", "given_name",
                        "family_name", "nickname", "email", "email_verified", "picture", "created_at", "identities",
                        "phone", "address"))
                .put("response_types_supported", strings("code"))
                .put("code_challenge_methods_supported", strings("S256", "plain"))
                .put("response_modes_supported", strings("query"))
                .put("subject_types_supported", strings("public"))
                .put("id_token_signing_alg_values_supported", strings("RS256"))
                .put("token_endpoint_auth_methods_supported", strings("client_secret_basic", "client_secret_post"))
                .put("grant_types_supported", strings("authorization_code", "refresh_token",
                        SandboxCiba.GRANT_TYPE, SandboxTokenVault.GRANT))
                .put("backchannel_token_delivery_modes_supported", strings("poll"))
                .put("request_uri_parameter_supported", false)
                .put("request_parameter_supported", false);
        if (tenant.dynamicClientRegistration()) {
            doc.put("registration_endpoint", url + "/oidc/register");
        }
        if (tenant.clientIdMetadataDocuments()) {
            doc.put("client_id_metadata_document_supported", true);
        }
        if (tenant.includeIssuer()) {
            doc.put("authorization_response_iss_parameter_supported", true);
        }
        return doc;
    }

    private static JsonArray strings(String... values) {
        return new JsonArray(List.of(values));
    }
}
