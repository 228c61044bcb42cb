package dev.changeset.vault;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Form;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Auth0's token endpoint, relative to the tenant's issuer URL (which ends with a slash). */
@Path("oauth/token")
interface TokenEndpoint {

    /** Posts a form; every answer, 4xx and 5xx included, comes back as a response to read (no default mapper). */
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    Response token(Form form);
}
