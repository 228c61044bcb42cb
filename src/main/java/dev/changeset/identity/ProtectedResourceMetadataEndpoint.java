package dev.changeset.identity;

import java.util.Arrays;
import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * RFC 9728 protected resource metadata, at the well-known URL of the MCP resource and at the bare well-known URL
 * (clients that do not insert the path ask there). Written here rather than through
 * {@code quarkus.oidc.resource-metadata} so that both URLs answer and the document and the 401 challenge
 * ({@link BearerChallenge}) are built from the same {@link ProtectedResource}.
 */
@Path(ProtectedResource.WELL_KNOWN)
@Produces(MediaType.APPLICATION_JSON)
public class ProtectedResourceMetadataEndpoint {

    /** The document's fields, named as RFC 9728 section 2 names them. */
    public record Metadata(String resource, List<String> authorization_servers, List<String> scopes_supported,
            List<String> bearer_methods_supported, String resource_name, String resource_documentation) {
    }

    private final ProtectedResource resource;

    ProtectedResourceMetadataEndpoint(ProtectedResource resource) {
        this.resource = resource;
    }

    @GET
    public Metadata root() {
        return metadata();
    }

    @GET
    @Path(ProtectedResource.MCP_PATH)
    public Metadata mcp() {
        return metadata();
    }

    private Metadata metadata() {
        return new Metadata(resource.resource(),
                List.of(resource.authorizationServer()),
                Arrays.stream(McpScope.values()).map(McpScope::value).toList(),
                List.of("header"),
                "Commerce Changeset MCP",
                "https://github.com/commerce-changeset/commerce-changeset-mcp#readme");
    }
}
