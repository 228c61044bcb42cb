package dev.changeset.identity;

import jakarta.enterprise.context.ApplicationScoped;

import dev.changeset.ChangesetConfig;

/** Where this server lives as an OAuth protected resource (RFC 9728): its MCP URL and its metadata URL. */
@ApplicationScoped
public class ProtectedResource {

    /** The well-known prefix of RFC 9728 section 3. */
    public static final String WELL_KNOWN = "/.well-known/oauth-protected-resource";
    public static final String MCP_PATH = "/mcp";

    private final ChangesetConfig config;

    ProtectedResource(ChangesetConfig config) {
        this.config = config;
    }

    /** The resource identifier: the full MCP URL as clients use it. */
    public String resource() {
        return base() + MCP_PATH;
    }

    /** The metadata URL for {@link #resource()}: the well-known prefix inserted before the resource's path. */
    public String metadataUrl() {
        return base() + WELL_KNOWN + MCP_PATH;
    }

    public String authorizationServer() {
        return config.identity().issuer().toString();
    }

    private String base() {
        String base = config.publicUrl().toString();
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    /** The host name of the public URL: requests must name it (or a local name) as their host. */
    public String publicHost() {
        return config.publicUrl().getHost();
    }
}
