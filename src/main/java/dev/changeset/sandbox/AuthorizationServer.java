package dev.changeset.sandbox;

import io.vertx.ext.web.Router;

/**
 * The sandbox tenant as the authorization server MCP clients log people in with: its metadata, {@code /authorize}
 * and the login and consent pages, the {@code authorization_code} and {@code refresh_token} grants, revocation,
 * Dynamic Client Registration and Client ID Metadata Documents (manual registration), over the tenant's settings, applications and APIs.
 */
final class AuthorizationServer {

    final TenantSettings tenant = new TenantSettings();
    final Applications apps = new Applications();

    private AuthorizationServer() {
    }

    static AuthorizationServer mount(Router router, String url, ResourceServers apis, SandboxIdentity identity,
            SandboxTokenEndpoint tokens) {
        AuthorizationServer server = new AuthorizationServer();
        AuthorizationCodes codes = new AuthorizationCodes();
        RefreshTokens refreshTokens = new RefreshTokens();
        UserInfoEndpoint userInfo = new UserInfoEndpoint(identity);
        userInfo.mount(router);
        TokenIssuer issuer = new TokenIssuer(identity, refreshTokens, userInfo);
        LoginPages pages = new LoginPages(codes, server.tenant, identity::issuer);
        new AuthorizationServerMetadata(server.tenant).mount(router, url);
        new AuthorizeEndpoint(server.tenant, apis, server.apps, codes, pages).mount(router);
        pages.mount(router);
        new AuthorizationCodeGrant(server.apps, codes, issuer, refreshTokens).register(tokens);
        new RefreshTokenGrant(server.apps, refreshTokens, issuer, server.tenant).register(tokens);
        // Auth0 knows client_credentials; no sandbox application may use it (Applications.USER_GRANTS), so a client
        // asking gets Auth0's unauthorized_client, as for any grant its application lacks.
        tokens.register("client_credentials", (ctx, params) -> ClientAuthentication.authenticateFor(
                "client_credentials", ctx, params, server.apps).ifPresent(app -> ClientAuthentication.grantNotAllowed(
                        ctx, "client_credentials")));
        new RevocationEndpoint(server.apps, refreshTokens).mount(router);
        new DynamicClientRegistration(server.tenant, server.apps).mount(router);
        new ClientIdMetadataDocuments(server.apps).mount(router);
        server.tenant.mount(router);
        server.apps.mount(router);
        apis.mount(router);
        return server;
    }
}
