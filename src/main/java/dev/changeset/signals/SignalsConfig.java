package dev.changeset.signals;

import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Who may post user-state signals, and how many users' signals are held. The routes under {@code /user-state}
 * belong to the person's assistive sidecar, never to the assistant: they need a scope this server's MCP tools never
 * need (so the assistant's client is never granted it), and, when listed, a sidecar client. How long a signal counts
 * is the policy's {@code changeset.policy.user-state.signal-ttl}.
 */
@ConfigMapping(prefix = "changeset.signals")
public interface SignalsConfig {

    /** The scope every {@code /user-state} route needs: define it on the API and grant it to sidecars only. */
    @WithDefault("changeset:signals")
    String scope();

    /** When set, only tokens issued to these clients ({@code azp}, else {@code client_id}) may use the routes. */
    Optional<List<String>> sidecarClients();

    /** At most this many users' signals and switches are held in memory (least recently used go first). */
    @WithDefault("100000")
    long maxUsers();
}
