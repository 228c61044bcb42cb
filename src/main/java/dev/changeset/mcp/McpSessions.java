package dev.changeset.mcp;

import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import dev.changeset.ChangesetConfig;

/**
 * Who opened each MCP session and when. A session id is not authentication: it is bound to the subject that
 * initialized it, and a request from anyone else with that id is answered as if the session did not exist.
 * Entries expire with the session's idle timeout, like the extension's own connections.
 */
@ApplicationScoped
public class McpSessions {

    /** One session's owner and start. */
    public record Session(String id, String subject, Instant startedAt) {
    }

    private final Cache<String, Session> sessions;

    McpSessions(ChangesetConfig config) {
        this.sessions = Caffeine.newBuilder()
                .expireAfterAccess(config.identity().sessionIdleTimeout())
                .maximumSize(100_000)
                .build();
    }

    void started(String id, String subject) {
        started(id, subject, Instant.now());
    }

    /** Also lets tests start a session in the past (the fatigue rule counts minutes since the start). */
    void started(String id, String subject, Instant at) {
        sessions.put(id, new Session(id, subject, at));
    }

    void ended(String id) {
        sessions.invalidate(id);
    }

    public Optional<Session> find(String id) {
        return Optional.ofNullable(sessions.getIfPresent(id));
    }

    /** True when the session exists and was opened by someone other than {@code subject}. */
    boolean ownedByAnother(String id, String subject) {
        Session session = sessions.getIfPresent(id);
        return session != null && !session.subject().equals(subject);
    }
}
