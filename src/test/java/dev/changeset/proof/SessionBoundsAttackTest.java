package dev.changeset.proof;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.changeset.support.ProofRecord;
import dev.changeset.support.SandboxClient;
import dev.changeset.support.SandboxResource;
import dev.changeset.support.SandboxStory;
import io.quarkiverse.mcp.server.runtime.ConnectionManager;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Issue 14 item 9, "session bounds": tried as an attacker would, over real HTTP against the running server and the
 * sandbox. One user opening many sessions keeps at most {@code max-sessions-per-user} of them (the oldest are ended
 * and answer 404 to everyone, their owner included, never served as ownerless), other users' sessions are untouched,
 * a session id the server does not know is 404, and a socket that sends half a request and stalls is closed by the
 * server after {@code quarkus.http.idle-timeout}. The tally goes to {@code target/proof/session-bounds.json}.
 */
@QuarkusTest
@TestProfile(SessionBoundsProfile.class)
@WithTestResource(SandboxResource.class)
@ExtendWith(SandboxStory.class)
class SessionBoundsAttackTest {

    static final ProofRecord PROOF = new ProofRecord("session-bounds");
    private static final String READER = "openid changeset:read";
    private static final String PING = "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"ping\"}";

    @ConfigProperty(name = "sandbox.url")
    String sandboxUrl;
    @ConfigProperty(name = "changeset.public-url")
    String publicUrl;
    @ConfigProperty(name = "quarkus.http.idle-timeout")
    Duration idleTimeout;
    @Inject
    ConnectionManager connections;

    SandboxClient sandbox;
    RawHttp http;
    final List<String> failures = new ArrayList<>();

    @BeforeEach
    void setUp() {
        sandbox = new SandboxClient(sandboxUrl);
        http = new RawHttp(publicUrl);
    }

    @AfterAll
    static void writeTally() {
        PROOF.write();
    }

    @Test
    void one_user_holds_at_most_the_cap_and_an_ended_session_is_dead_for_everyone() {
        int cap = SessionBoundsProfile.CAP;
        String alice = sandbox.token("alice", READER);
        String bob = sandbox.token("bob", READER);
        String bobs = open(bob);
        List<String> opened = new ArrayList<>();
        for (int i = 0; i < cap * 6; i++) {
            opened.add(open(alice));
        }
        int alive = 0;
        for (String session : opened) {
            if (http.post("/mcp", alice, session, PING).status() == 200) {
                alive++;
            }
        }
        record("alice opens " + opened.size() + " sessions, cap " + cap, cap + " answer ping", alive + " answer ping",
                alive == cap);
        String oldest = opened.get(0);
        RawHttp.Answer own = http.post("/mcp", alice, oldest, PING);
        record("alice pings her oldest (ended) session", "404 no such MCP session", own.brief(),
                own.status() == 404 && own.body().contains("no such MCP session"));
        RawHttp.Answer foreign = http.post("/mcp", bob, oldest, PING);
        record("bob pings alice's ended session (ownerless?)", "404", foreign.brief(), foreign.status() == 404);
        long kept = opened.stream().filter(connections::has).count();
        record("alice's sessions the MCP extension still holds", cap + " (ended ones removed, not left ownerless)",
                String.valueOf(kept), kept == cap && !connections.has(oldest));
        RawHttp.Answer newest = http.post("/mcp", alice, opened.get(opened.size() - 1), PING);
        record("alice pings her newest session", "200", newest.brief(), newest.status() == 200);
        RawHttp.Answer bobAlive = http.post("/mcp", bob, bobs, PING);
        record("bob's own session after alice's flood", "200", bobAlive.brief(), bobAlive.status() == 200);
        assertEquals(List.of(), failures);
    }

    @Test
    void a_session_id_the_server_does_not_know_is_404() {
        String alice = sandbox.token("alice", READER);
        for (String id : List.of("made-up", "00000000-0000-0000-0000-000000000000", "x".repeat(200))) {
            RawHttp.Answer answer = http.post("/mcp", alice, id, PING);
            record("ping with unknown session " + (id.length() > 40 ? id.substring(0, 40) + "..." : id), "404",
                    answer.brief(), answer.status() == 404);
        }
        assertEquals(List.of(), failures);
    }

    @Test
    void a_stalled_half_request_is_closed_by_the_server() throws Exception {
        URI uri = URI.create(publicUrl);
        int stalled = 40;
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < stalled; i++) {
                Socket socket = new Socket(uri.getHost(), uri.getPort());
                socket.getOutputStream().write(("POST /mcp HTTP/1.1\r\nHost: " + uri.getHost() + "\r\nContent-Le")
                        .getBytes(StandardCharsets.ISO_8859_1));
                socket.getOutputStream().flush();
                sockets.add(socket);
            }
            // Wait at most the idle timeout plus a margin for the server to close each one (read gives -1 or reset).
            // Never more than 90 s: a server left at Vert.x's default (30 minutes) fails here rather than hang.
            Duration wait = idleTimeout.plusSeconds(20).compareTo(Duration.ofSeconds(90)) > 0 ? Duration.ofSeconds(90)
                    : idleTimeout.plusSeconds(20);
            long deadline = System.nanoTime() + wait.toNanos();
            int closed = 0;
            for (Socket socket : sockets) {
                long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
                socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
                if (closedByServer(socket.getInputStream())) {
                    closed++;
                }
            }
            record(stalled + " sockets send half a request header and stall", "all closed by the server within "
                    + wait.toSeconds() + " s (idle-timeout " + idleTimeout + " + 20 s, at most 90 s)", closed + " closed", closed == stalled);
        } finally {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
        assertEquals(List.of(), failures);
    }

    private static boolean closedByServer(InputStream in) {
        byte[] buffer = new byte[4096];
        try {
            while (in.read(buffer) != -1) {
                // a 408 or similar answer before the close is fine
            }
            return true;
        } catch (java.net.SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    private String open(String token) {
        RawHttp.Answer init = http.post("/mcp", token, null, RawHttp.initialize());
        String session = init.header("Mcp-Session-Id");
        if (init.status() != 200 || session == null) {
            throw new AssertionError("could not open a session on /mcp: " + init.brief());
        }
        http.post("/mcp", token, session, RawHttp.initialized());
        return session;
    }

    private void record(String name, String expected, String observed, boolean held) {
        PROOF.add(new ProofRecord.Attempt(name, expected, observed, held));
        if (!held) {
            failures.add(name + ": expected " + expected + ", got " + observed);
        }
    }
}
