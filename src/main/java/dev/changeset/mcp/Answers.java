package dev.changeset.mcp;

import java.util.List;

import io.quarkiverse.mcp.server.TextContent;
import io.quarkiverse.mcp.server.ToolResponse;

/** How tools answer: structured content for programs, and a short text for people and older clients. */
final class Answers {

    private Answers() {
    }

    static ToolResponse structured(String summary, Object content) {
        return new ToolResponse(false, List.of(new TextContent(summary)), content, null);
    }
}
