package dev.changeset.mcp;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The MCP adapters' settings. A mapping of its own because {@code changeset} is a mapping root
 * ({@code ChangesetConfig}): a {@code changeset.mcp.*} value that no mapping declares fails the start
 * ("does not map to any root"), so a plain {@code @ConfigProperty} of that name could never be set.
 */
@ConfigMapping(prefix = "changeset.mcp")
public interface McpConfig {

    /**
     * How often a tool call that may wait for an approval ({@code apply_changeset}, {@code update_price}, ...,
     * {@code email_receipt}) tells the client it is still alive, counted from the call's start: a progress
     * notification, or a log message when the client sent no progress token. 1 to 5 s: the MCP Inspector gives up
     * on a call after 10 s without progress, and progress resets many clients' request timers.
     */
    @WithDefault("4S")
    Duration progressEvery();
}
