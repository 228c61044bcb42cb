package dev.changeset.identity;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import org.jboss.logging.Logger;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;

import dev.changeset.ChangesetConfig;
import io.quarkiverse.mcp.server.runtime.ConnectionManager;

/**
 * Who opened each MCP session and when. A session id is not authentication: it is bound to the subject that
 * initialized it, and a request from anyone else with that id is answered as if the session did not exist.
 * <p>
 * Bounded twice (issue 14 item 9): one subject holds at most {@code changeset.identity.max-sessions-per-user}
 * sessions (opening one more ends that subject's oldest), and the store holds at most
 * {@code changeset.identity.max-sessions} (past it the least recently used is ended). A session this store does not
 * know, because it expired, was evicted or never existed, is dead: {@code mcp.McpAccessGate} answers 404 for it, and
 * when an entry leaves the store the extension's connection for it is removed too, so no session is ever served
 * without an owner. Entries expire with the session's idle timeout, like the extension's own connections.
 */
@ApplicationScoped
public class McpSessions {

    private static final Logger LOG = Logger.getLogger(McpSessions.class);

    /** One session's owner and start. */
    public record Session(String id, String subject, Instant startedAt) {

        /** Whole minutes since the session started (the policy's session-length fact, get_session's answer). */
        public long minutesAt(Instant now) {
            return Math.max(0, Duration.between(startedAt, now).toMinutes());
        }
    }

    private final Cache<String, Session> sessions;
    private final int maxPerSubject;
    /** Each subject's live session ids, oldest first; guarded by itself. */
    private final Map<String, Deque<String>> bySubject = new HashMap<>();
    private final Instance<ConnectionManager> connections;

    McpSessions(ChangesetConfig config, Instance<ConnectionManager> connections) {
        this.maxPerSubject = config.identity().maxSessionsPerUser();
        this.connections = connections;
        this.sessions = Caffeine.newBuilder()
                .expireAfterAccess(config.identity().sessionIdleTimeout())
                .maximumSize(config.identity().maxSessions())
                .executor(Runnable::run) // the listener runs before the evicting call returns
                .removalListener((String id, Session session, RemovalCause cause) -> removed(id, session, cause))
                .build();
    }

    public void started(String id, String subject) {
        started(id, subject, Instant.now());
    }

    /** Also lets tests start a session in the past (the fatigue rule counts minutes since the start). */
    public void started(String id, String subject, Instant at) {
        String oldest = null;
        synchronized (bySubject) {
            Deque<String> ids = bySubject.computeIfAbsent(subject, s -> new ArrayDeque<>());
            ids.remove(id);
            ids.addLast(id);
            if (ids.size() > maxPerSubject) {
                oldest = ids.peekFirst();
            }
        }
        sessions.put(id, new Session(id, subject, at));
        if (oldest != null) {
            LOG.infof("a subject holds more than %d MCP sessions: its oldest session is ended", maxPerSubject);
            sessions.invalidate(oldest);
        }
    }

    public void ended(String id) {
        sessions.invalidate(id);
    }

    public Optional<Session> find(String id) {
        return Optional.ofNullable(sessions.getIfPresent(id));
    }

    /** True when the session exists and was opened by someone other than {@code subject}. */
    public boolean ownedByAnother(String id, String subject) {
        Session session = sessions.getIfPresent(id);
        return session != null && !session.subject().equals(subject);
    }

    /** True when the session exists and was opened by {@code subject}. */
    public boolean ownedBy(String id, String subject) {
        Session session = sessions.getIfPresent(id);
        return session != null && session.subject().equals(subject);
    }

    /** How many sessions {@code subject} holds now. */
    public int count(String subject) {
        synchronized (bySubject) {
            Deque<String> ids = bySubject.get(subject);
            return ids == null ? 0 : ids.size();
        }
    }

    private void removed(String id, Session session, RemovalCause cause) {
        if (session != null) {
            synchronized (bySubject) {
                Deque<String> ids = bySubject.get(session.subject());
                if (ids != null) {
                    ids.remove(id);
                    if (ids.isEmpty()) {
                        bySubject.remove(session.subject());
                    }
                }
            }
        }
        if (cause != RemovalCause.REPLACED && id != null && connections.isResolvable()) {
            // Dead, never ownerless: the extension forgets the connection as well (a no-op when it already has).
            connections.get().remove(id);
        }
    }
}
