package dev.changeset.mcp;

import static dev.changeset.identity.McpScope.READ;

import java.util.Set;

import dev.changeset.identity.McpScope;

/**
 * The MCP scope each tool needs. Reading and previewing tools need {@code changeset:read}; every other tool,
 * including any tool not named here, needs {@code changeset:write} (fail closed). A test checks that every
 * listed tool is classified as intended.
 */
final class ToolScopes {

    /** Tools that read, preview or describe and change nothing anywhere. */
    static final Set<String> READ_TOOLS = Set.of(
            "get_session",
            "read_catalog",
            "read_launch_schedule",
            "describe_policy",
            "preview_changeset",
            "get_changeset",
            "get_receipt",
            "list_receipts",
            "verify_audit_log");

    private ToolScopes() {
    }

    static McpScope required(String tool) {
        return READ_TOOLS.contains(tool) ? READ : McpScope.WRITE;
    }
}
