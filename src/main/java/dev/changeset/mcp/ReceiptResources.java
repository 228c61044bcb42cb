package dev.changeset.mcp;

import jakarta.inject.Inject;

import dev.changeset.audit.ReceiptAccess;
import dev.changeset.identity.Callers;
import dev.changeset.text.Printable;
import io.quarkiverse.mcp.server.JsonRpcErrorCodes;
import io.quarkiverse.mcp.server.McpException;
import io.quarkiverse.mcp.server.RequestUri;
import io.quarkiverse.mcp.server.ResourceTemplate;
import io.quarkiverse.mcp.server.ResourceTemplateArg;
import io.quarkiverse.mcp.server.TextResourceContents;
import io.quarkus.security.identity.SecurityIdentity;

/** Receipts as MCP resources {@code receipt://{id}}: the canonical JSON exactly as stored and hashed. */
public class ReceiptResources {

    @Inject
    SecurityIdentity identity;
    @Inject
    Callers callers;
    @Inject
    ReceiptAccess access;

    @ResourceTemplate(name = "receipt", title = "Sealed receipt", uriTemplate = "receipt://{id}",
            mimeType = "application/json",
            description = "A sealed receipt as RFC 8785 canonical JSON, exactly the bytes its SHA-256 hash covers.")
    TextResourceContents receipt(@ResourceTemplateArg(name = "id") String id, RequestUri uri) {
        return access.read(callers.of(identity), id)
                .map(stored -> new TextResourceContents(uri.value(), stored.canonicalJson(), "application/json"))
                .orElseThrow(() -> new McpException("no receipt '" + Printable.echo(id)
                        + "' that you may read", JsonRpcErrorCodes.RESOURCE_NOT_FOUND));
    }
}
