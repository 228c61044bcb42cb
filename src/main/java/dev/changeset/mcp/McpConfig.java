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
     * How often a waiting {@code apply_changeset} tells the client it still waits: a progress notification, or a
     * log message when the client sent no progress token. Progress resets many clients' 60 s request timers.
     */
    @WithDefault("15S")
    Duration progressEvery();
}
