package dev.changeset.audit;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.changeset.identity.BearerChallenge;
import dev.changeset.identity.Caller;
import dev.changeset.identity.Callers;
import dev.changeset.identity.McpScope;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * {@code GET /receipts/{id}} (bearer token with {@code changeset:read} required): the receipt's canonical
 * JSON exactly as stored and hashed, so {@code sha256sum} of the body is the receipt's hash (also sent as the
 * {@code ETag}). A receipt the caller may not read is a 404, like one that does not exist.
 */
@Path("/receipts")
public class ReceiptEndpoint {

    @Inject
    SecurityIdentity identity;
    @Inject
    Callers callers;
    @Inject
    ReceiptAccess access;
    @Inject
    BearerChallenge challenge;

    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response receipt(@PathParam("id") String id) {
        Caller caller = callers.of(identity);
        if (!caller.holds(McpScope.READ)) { // a token for something else (only openid, say) reads nothing here
            return Response.status(Response.Status.FORBIDDEN)
                    .header("WWW-Authenticate", challenge.insufficientScope(caller.scopes(), McpScope.READ))
                    .type(MediaType.APPLICATION_JSON_TYPE)
                    .entity("{\"error\":\"insufficient_scope\",\"error_description\":\"reading receipts needs scope "
                            + McpScope.READ.value() + "\"}")
                    .build();
        }
        return access.read(caller, id)
                .map(stored -> Response.ok(stored.canonicalJson(), MediaType.APPLICATION_JSON_TYPE)
                        .tag(new EntityTag(stored.receipt().hash()))
                        .build())
                .orElseGet(() -> Response.status(Response.Status.NOT_FOUND).type(MediaType.APPLICATION_JSON_TYPE)
                        .entity("{\"error\":\"not_found\",\"error_description\":\"no receipt '"
                                + id.replaceAll("[^A-Za-z0-9-]", "?") + "' that you may read\"}")
                        .build());
    }
}
