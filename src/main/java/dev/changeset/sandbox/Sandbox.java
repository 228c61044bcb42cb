package dev.changeset.sandbox;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * An in-process stand-in for Auth0 and Google that speaks their wire protocols on its own HTTP port, so that
 * production code only sees other base URLs. Dev and test only: the production build does not compile this
 * package. It starts before (tests) or beside (dev) the application; see {@link EmbeddedSandbox}.
 */
public final class Sandbox implements AutoCloseable {

    /**
     * The MCP resource of a server at its default public URL ({@code http://localhost:8080}): the API a sandbox
     * started without a list serves.
     */
    public static final String DEFAULT_MCP_RESOURCE = "http://localhost:8080/mcp";

    private static final Logger LOG = Logger.getLogger(Sandbox.class);

    private final Vertx vertx;
    private final HttpServer server;
    private final String url;
    private final SandboxIdentity identity;
    private final SandboxTokenEndpoint tokenEndpoint;
    private final SandboxGmail gmail;
    private final ResourceServers apis;
    private final SandboxMyAccount myAccount;

    private Sandbox(Vertx vertx, HttpServer server, String url, SandboxIdentity identity,
            SandboxTokenEndpoint tokenEndpoint, SandboxGmail gmail, ResourceServers apis, SandboxMyAccount myAccount) {
        this.vertx = vertx;
        this.server = server;
        this.url = url;
        this.identity = identity;
        this.tokenEndpoint = tokenEndpoint;
        this.gmail = gmail;
        this.apis = apis;
        this.myAccount = myAccount;
    }

    /** Starts a sandbox serving {@link #DEFAULT_MCP_RESOURCE} on {@code 127.0.0.1:port} (0: a free port). */
    public static Sandbox start(int port) {
        return start(port, List.of(DEFAULT_MCP_RESOURCE));
    }

    /**
     * Starts a sandbox on {@code 127.0.0.1:port} (0 picks a free port) whose tenant has these APIs (MCP resources,
     * the first one the audience of tokens {@code /sandbox/tokens} mints without one; the tenant has no Default
     * Audience, see {@link ResourceServers}), and waits until it listens, without Google's
     * per-minute quotas: a test suite sends one user's requests far faster than 60 a minute. A test that wants them
     * posts {@code {"limits":"google"}} to {@code /sandbox/google/quota} or {@code /sandbox/gmail/quota}.
     */
    public static Sandbox start(int port, List<String> mcpResources) {
        return start(port, mcpResources, false);
    }

    /**
     * Starts a sandbox; with {@code googleQuotas}, Sheets and Gmail count requests against Google's documented
     * per-minute limits from the start (dev mode and the stand-alone sandbox), see {@link GoogleQuota}.
     */
    public static Sandbox start(int port, List<String> mcpResources, boolean googleQuotas) {
        return start(port, mcpResources, googleQuotas, SheetSeed.SEED_PRODUCTS);
    }

    /**
     * As {@link #start(int, List, boolean)}, with a catalog of {@code seedProducts} products (220: the demo seed; more
     * are generated after it, see {@code SheetSeed}); {@code POST /sandbox/google/reset {"products": n}} changes it.
     */
    public static Sandbox start(int port, List<String> mcpResources, boolean googleQuotas, int seedProducts) {
        Vertx vertx = Vertx.vertx();
        Router router = Router.router(vertx);
        router.route().handler(BodyHandler.create(false).setBodyLimit(8 * 1024 * 1024));
        router.route().failureHandler(Sandbox::failed);
        Auth0Faults.mount(router); // before the tenant's routes, which it fails, delays or passes on
        ResourceServers apis = new ResourceServers(mcpResources);
        SandboxIdentity identity = new SandboxIdentity(apis);
        SandboxTokenEndpoint tokenEndpoint = new SandboxTokenEndpoint();
        SandboxGoogleTokens googleTokens = new SandboxGoogleTokens();
        // Gmail accepts the Google tokens the Token Vault grant issued, and those tests register directly.
        SandboxGmail gmail = new SandboxGmail(new RegisteredGoogleTokens(), googleTokens.introspection(),
                GoogleQuota.gmail(googleQuotas));
        try {
            HttpServer server = vertx.createHttpServer().requestHandler(router)
                    .listen(port, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            String url = "http://127.0.0.1:" + server.actualPort();
            identity.mount(router, url);
            tokenEndpoint.mount(router);
            AuthorizationServer authorization = AuthorizationServer.mount(router, url, apis, identity, tokenEndpoint);
            SandboxCiba.mount(router, identity, authorization.tenant, tokenEndpoint);
            SandboxTokenVault vault = new SandboxTokenVault(identity, googleTokens);
            vault.mount(router, tokenEndpoint);
            SandboxMyAccount myAccount = new SandboxMyAccount(identity, vault, new GoogleConsentPage());
            myAccount.mount(router, url, apis, authorization.apps);
            mcpResources.forEach(myAccount::allowConnectPageOf);
            SandboxSheets.mount(router, googleTokens, googleQuotas, seedProducts);
            gmail.mount(router);
            router.route("/sandbox/*").last().handler(ctx -> error(ctx, 404, "not_found", "no such sandbox route"));
            LOG.infof("Sandbox (Auth0 and Google emulator) listening on %s", url);
            return new Sandbox(vertx, server, url, identity, tokenEndpoint, gmail, apis, myAccount);
        } catch (Exception e) {
            vertx.close();
            throw new IllegalStateException("the sandbox could not start on port " + port, e);
        }
    }

    /** The sandbox's base URL, without a trailing slash; the issuer is this plus {@code /}. */
    public String url() {
        return url;
    }

    /** Registers another API (an MCP resource) with the tenant, as an administrator creates one in Auth0. */
    public void serve(String mcpResource) {
        apis.register(mcpResource);
        myAccount.allowConnectPageOf(mcpResource);
    }

    public SandboxIdentity identity() {
        return identity;
    }

    public SandboxTokenEndpoint tokenEndpoint() {
        return tokenEndpoint;
    }

    public SandboxGmail gmail() {
        return gmail;
    }

    @Override
    public void close() {
        try {
            server.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("the sandbox's HTTP server did not stop cleanly", e);
        }
        vertx.close(); // its completion is reported on the closing event loop itself, so nobody waits for it
    }

    /**
     * The sandbox's one exception mapper. A body that is not the JSON its {@code Content-Type} claims (a
     * {@link DecodeException}), or JSON of another shape than the endpoint reads (an array for an object, a number
     * for a string: Vert.x's {@link ClassCastException}), is the caller's error, whichever endpoint read it: Auth0
     * answers 400 {@code invalid_request} to a malformed request (main/docs/oas/authentication/
     * authentication-api-oas.json, {@code POST /oauth/token}, 400), not a 500 with a stack in the log. Any other
     * failure goes on to Vert.x's 500.
     */
    private static void failed(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        if (ctx.response().headWritten() || !(failure instanceof DecodeException
                || failure instanceof ClassCastException)) {
            ctx.next();
            return;
        }
        LOG.debugf("%s %s: a malformed body (%s)", ctx.request().method(), ctx.request().path(),
                failure.getClass().getSimpleName());
        error(ctx, 400, "invalid_request", failure instanceof DecodeException ? "The request body is not valid JSON"
                : "The request body is not a JSON object with members of the expected types");
    }

    /** Writes an OAuth-style JSON error ({@code error}, {@code error_description}). */
    static void error(RoutingContext ctx, int status, String error, String description) {
        json(ctx, status, new JsonObject().put("error", error).put("error_description", description));
    }

    /** Writes an HTML page (never cached: these pages carry one-time links). */
    static void html(RoutingContext ctx, int status, String body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "text/html; charset=utf-8")
                .putHeader("Cache-Control", "no-store").end(body);
    }

    static void json(RoutingContext ctx, int status, JsonObject body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .putHeader("Cache-Control", "no-store").end(body.encode());
    }
}
