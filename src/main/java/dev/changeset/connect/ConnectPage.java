package dev.changeset.connect;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;

import com.google.common.html.HtmlEscapers;

import dev.changeset.ChangesetConfig;
import dev.changeset.vault.TokenVault;
import dev.changeset.vault.VaultConfig;

/**
 * "Connect your Google account", a page of this server that an assistant's connect link opens:
 * <ol>
 * <li>{@code GET /connect/google?link=...}: the link is taken (single use, unexpired), a flow starts, bound to this
 * browser by an HttpOnly cookie, and the browser signs in at Auth0 (authorization code with PKCE);</li>
 * <li>{@code GET /connect/google/signed-in}: the code becomes a My Account API token whose {@code sub} must be the
 * link's subject (anyone else is refused: the link proves nothing about who opened it); then Auth0's Connected
 * Accounts flow starts and the browser goes to Google's consent;</li>
 * <li>{@code GET /connect/google/connected}: with the {@code connect_code}, the link is completed; the person's next
 * tool call finds Google in Token Vault.</li>
 * </ol>
 * Pages name no token and no account detail beyond what the person just did.
 */
@Path(ConnectPage.PATH)
@Produces(MediaType.TEXT_HTML)
public class ConnectPage {

    static final String PATH = "/connect/google";
    static final String COOKIE = "changeset_connect";
    private static final Logger LOG = Logger.getLogger(ConnectPage.class);

    private final ConnectLinks links;
    private final ConnectFlows flows;
    private final Auth0Connect auth0;
    private final TokenVault vault;
    private final String connection;
    private final String base;

    ConnectPage(ConnectLinks links, ConnectFlows flows, Auth0Connect auth0, TokenVault vault,
            VaultConfig vaultConfig, ChangesetConfig changeset) {
        this.links = links;
        this.flows = flows;
        this.auth0 = auth0;
        this.vault = vault;
        this.connection = vaultConfig.connection();
        this.base = changeset.publicUrl().toString().replaceAll("/+$", "") + PATH;
    }

    @GET
    public Response open(@QueryParam("link") String link) {
        if (!links.enabled()) {
            return page(404, "Connecting Google is not set up on this server", "Ask its operator to set "
                    + "changeset.connect.client-id and client-secret.");
        }
        Optional<ConnectLinks.Link> taken = links.take(link);
        if (taken.isEmpty()) {
            return page(410, "This link has expired or was already used", "Ask your assistant again: it will give "
                    + "you a new link.");
        }
        ConnectFlows.Flow flow = flows.start(taken.get().subject());
        return Response.seeOther(auth0.authorizeUrl(base + "/signed-in", flow.loginState(), flow.login()))
                .cookie(cookie(flow.id())).header("Cache-Control", "no-store").build();
    }

    @GET
    @Path("signed-in")
    public Response signedIn(@QueryParam("code") String code, @QueryParam("state") String state,
            @QueryParam("error") String error, @CookieParam(COOKIE) String flowId) {
        Optional<ConnectFlows.Flow> flow = flows.find(flowId)
                .filter(f -> f.myAccountToken() == null && f.loginState().equals(state));
        if (flow.isEmpty()) {
            return page(400, "This sign-in does not belong to a connection started in this browser",
                    "Open the link your assistant gave you again, or ask it for a new one.");
        }
        if (error != null || code == null) {
            flows.end(flow.get());
            return page(400, "Sign-in did not complete", "Nothing was connected. Ask your assistant for a new link.");
        }
        try {
            Map.Entry<String, String> signedIn = auth0.signIn(code, base + "/signed-in", flow.get().login());
            if (!signedIn.getValue().equals(flow.get().subject())) {
                flows.end(flow.get());
                LOG.warnf("connect flow for %s refused: signed in as %s", flow.get().subject(), signedIn.getValue());
                return page(403, "You signed in as someone else", "This link was made for another account, so "
                        + "nothing was connected. Sign in as the person who asked the assistant, with a new link.");
            }
            Auth0Connect.Started started = auth0.connect(signedIn.getKey(), connection, base + "/connected",
                    flow.get().connectState(), flow.get().connect());
            flows.update(flow.get().signedIn(signedIn.getKey(), started.authSession()));
            URI next = URI.create(started.connectUri() + (started.connectUri().getQuery() == null ? "?" : "&")
                    + "ticket=" + URLEncoder.encode(started.ticket(), StandardCharsets.UTF_8));
            return Response.seeOther(next).header("Cache-Control", "no-store").build();
        } catch (Auth0Connect.Refused e) {
            flows.end(flow.get());
            return page(502, "Auth0 did not let us continue", e.getMessage() + ". Nothing was connected.");
        }
    }

    @GET
    @Path("connected")
    public Response connected(@QueryParam("connect_code") String connectCode, @QueryParam("state") String state,
            @QueryParam("error") String error, @CookieParam(COOKIE) String flowId) {
        Optional<ConnectFlows.Flow> flow = flows.find(flowId)
                .filter(f -> f.myAccountToken() != null && f.connectState().equals(state));
        if (flow.isEmpty()) {
            return page(400, "This answer does not belong to a connection started in this browser",
                    "Open the link your assistant gave you again, or ask it for a new one.");
        }
        flows.end(flow.get());
        if (error != null || connectCode == null) {
            return page(400, "Google was not connected", "You did not allow access at Google. Ask your assistant "
                    + "for a new link to try again.");
        }
        try {
            List<String> granted = auth0.complete(flow.get().myAccountToken(), flow.get().authSession(),
                    connectCode, base + "/connected", flow.get().connect());
            vault.invalidate(flow.get().subject());
            LOG.infof("Google connected for %s with %d scopes", flow.get().subject(), granted.size());
            return page(200, "Google is connected", "Go back to your assistant: the request that asked for this "
                    + "works now. Access granted: " + String.join(", ", granted) + ".");
        } catch (Auth0Connect.Refused e) {
            return page(502, "Google was not connected", e.getMessage() + ". Ask your assistant for a new link.");
        }
    }

    private NewCookie cookie(String value) {
        return new NewCookie.Builder(COOKIE).value(value).path(PATH).httpOnly(true)
                .secure(base.startsWith("https:")).sameSite(NewCookie.SameSite.LAX).build();
    }

    private static Response page(int status, String title, String text) {
        String html = "<!doctype html><html><head><meta charset=\"utf-8\"><title>" + escape(title)
                + "</title></head><body><h1>" + escape(title) + "</h1><p>" + escape(text) + "</p></body></html>";
        return Response.status(status).entity(html).type(MediaType.TEXT_HTML_TYPE.withCharset("utf-8"))
                .header("Cache-Control", "no-store").build();
    }

    private static String escape(String text) {
        return HtmlEscapers.htmlEscaper().escape(text);
    }
}
