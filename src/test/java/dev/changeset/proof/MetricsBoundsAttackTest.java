package dev.changeset.proof;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.changeset.support.ProofRecord;
import dev.changeset.support.SandboxClient;
import dev.changeset.support.SandboxResource;
import dev.changeset.support.SandboxStory;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;

/**
 * Issue 14 item 4, "metrics": tried as an attacker would, over real HTTP against the running server. Thirty
 * {@code resources/read} calls with 1.5 MB {@code receipt://} URIs, URIs carrying the session id, and calls to
 * tools that do not exist named after the session: afterwards {@code /q/metrics} has grown by a few kilobytes at
 * most and no tag holds the caller's text (the session id, the long URI); the read is tagged by its template
 * {@code receipt://{id}}. The tally goes to {@code target/proof/metrics-bounds.json}.
 */
@QuarkusTest
@WithTestResource(SandboxResource.class)
@ExtendWith(SandboxStory.class)
class MetricsBoundsAttackTest {

    static final ProofRecord PROOF = new ProofRecord("metrics-bounds");
    private static final String WRITER = "openid changeset:read changeset:write";

    @ConfigProperty(name = "sandbox.url")
    String sandboxUrl;
    @ConfigProperty(name = "changeset.public-url")
    String publicUrl;
    /** Where Prometheus scrapes: the management interface (ManagementPortAttackTest). */
    @TestHTTPResource(value = "/", management = true)
    URL managementUrl;

    SandboxClient sandbox;
    RawHttp http;
    RawHttp management;
    final List<String> failures = new ArrayList<>();

    @BeforeEach
    void setUp() {
        sandbox = new SandboxClient(sandboxUrl);
        http = new RawHttp(publicUrl);
        management = new RawHttp(managementUrl.toString());
    }

    @AfterAll
    static void writeTally() {
        PROOF.write();
    }

    @Test
    void caller_text_never_becomes_a_tag_and_the_scrape_stays_small() {
        String token = sandbox.token("alice", WRITER);
        String session = open(token);
        String before = scrape();
        String filler = "a".repeat(1_500_000);
        for (int i = 0; i < 30; i++) {
            String uri = "receipt://" + session + "-" + i + "-" + filler;
            http.post("/mcp", token, session, read(uri));
        }
        http.post("/mcp", token, session, read("receipt://" + session));
        http.post("/mcp", token, session, read("evil://" + session));
        http.post("/mcp", token, session, RawHttp.toolCall("x_" + session, new JsonObject()));
        String after = scrape();
        int grown = after.length() - before.length();
        record("30 resources/read with 1.5 MB URIs, then /q/metrics", "grew by under 16 KB (was "
                + before.length() + " chars)", "grew by " + grown + " chars to " + after.length(), grown < 16_384);
        // Plain text searches: a scrape with megabyte labels is more than a regex parser should be given.
        boolean sessionInTags = after.contains(session);
        record("session id anywhere in the scrape", "none", sessionInTags ? "found" : "none", !sessionInTags);
        boolean filled = after.contains("aaaaaaaaaaaaaaaa");
        record("long URI text in the scrape", "none", filled ? "found" : "none", !filled);
        boolean template = after.contains("resource_uri=\"receipt://{id}\"");
        record("resources/read tagged by its template", "resource_uri=\"receipt://{id}\"", template ? "present"
                : "absent", template);
        assertEquals(List.of(), failures);
    }

    private String scrape() {
        RawHttp.Answer answer = management.send("GET", "/q/metrics", Map.of("Accept", "text/plain"), null);
        if (answer.status() != 200) {
            throw new AssertionError("no /q/metrics: " + answer.brief());
        }
        return answer.body();
    }

    private static String read(String uri) {
        return new JsonObject().put("jsonrpc", "2.0").put("id", 9).put("method", "resources/read")
                .put("params", new JsonObject().put("uri", uri)).encode();
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
