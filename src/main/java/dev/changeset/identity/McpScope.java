package dev.changeset.identity;

/** The two OAuth scopes this server's MCP API defines. */
public enum McpScope {
    /** Read the catalog, preview changesets, read receipts. */
    READ("changeset:read"),
    /** Anything that changes the catalog or sends mail. */
    WRITE("changeset:write");

    private final String value;

    McpScope(String value) {
        this.value = value;
    }

    /** The scope string as it appears in tokens and metadata. */
    public String value() {
        return value;
    }
}
