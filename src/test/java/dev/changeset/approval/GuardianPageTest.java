package dev.changeset.approval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.changeset.support.SandboxClient;
import dev.changeset.support.SandboxResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;

/** The Guardian page a person uses in dev mode: it shows what is asked, and its buttons decide it. */
@QuarkusTest
@WithTestResource(SandboxResource.class)
class GuardianPageTest {

    @Inject
    CibaClient client;
    @ConfigProperty(name = "sandbox.url")
    String sandboxUrl;

    final HttpClient browser = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    SandboxClient sandbox;

    @BeforeEach
    void setUp() {
        sandbox = new SandboxClient(sandboxUrl);
        sandbox.post("/sandbox/ciba/reset", new JsonObject());
        sandbox.post("/sandbox/ciba/settings", new JsonObject().put("interval", 1));
    }

    HttpResponse<String> get(String path) throws Exception {
        return browser.send(HttpRequest.newBuilder(URI.create(sandboxUrl + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> press(String action) throws Exception {
        return browser.send(HttpRequest.newBuilder(URI.create(sandboxUrl + action))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void the_page_shows_the_pending_request_and_approve_makes_the_next_poll_approved() throws Exception {
        CibaClient.Started started = client.start(CibaClientTest.request("auth0|alice", "CS-PAGE"));
        assertInstanceOf(PollOutcome.Pending.class, client.poll(started.authReqId()));

        HttpResponse<String> page = get("/guardian/alice");
        assertEquals(200, page.statusCode());
        String html = page.body();
        assertTrue(html.contains("Approve CS-PAGE: 2 changes, max T2"), html);
        assertTrue(html.contains("<b>SKU-1001 price</b>: 19.99 -&gt; 17.99 (T2)"), html);
        assertTrue(html.contains("<b>SKU-1002 stock</b>: 40 -&gt; 0 (T2)"), html);
        assertFalse(html.contains("sha256:"), "hidden properties stay hidden");
        assertFalse(html.contains(started.authReqId().reveal()));
        String id = sandbox.get("/sandbox/ciba/requests").getJsonArray("requests").getJsonObject(0).getString("id");
        String approve = "/guardian/alice/" + id + "/approve";
        assertTrue(html.contains("action=\"" + approve + "\""), html);
        assertTrue(html.contains("action=\"/guardian/alice/" + id + "/deny\""), html);
        assertFalse(get("/guardian/dave").body().contains("CS-PAGE"), "each user sees their own requests");

        HttpResponse<String> pressed = press(approve);
        assertEquals(303, pressed.statusCode());
        assertEquals("/guardian/alice", pressed.headers().firstValue("Location").orElseThrow());
        Thread.sleep(started.interval().toMillis());
        assertInstanceOf(PollOutcome.Approved.class, client.poll(started.authReqId()));

        String after = get("/guardian/alice").body();
        assertTrue(after.contains("Pending (0)"), after);
        assertTrue(after.contains("Approve CS-PAGE: 2 changes, max T2: approved (token issued)"), after);
        assertEquals(409, press(approve).statusCode(), "a decided request cannot be decided again");
    }

    @Test
    void deny_on_the_page_makes_the_next_poll_denied() throws Exception {
        CibaClient.Started started = client.start(CibaClientTest.request("auth0|alice", "CS-NO"));
        String id = sandbox.get("/sandbox/ciba/requests").getJsonArray("requests").getJsonObject(0).getString("id");
        assertEquals(303, press("/guardian/alice/" + id + "/deny").statusCode());
        assertInstanceOf(PollOutcome.Denied.class, client.poll(started.authReqId()));
    }
}
