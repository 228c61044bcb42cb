package dev.changeset.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.zip.GZIPOutputStream;

import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.changeset.support.SandboxClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** The sandbox Gmail over HTTP, as Google's Gmail answers: scopes, gzip bodies, errors, the outbox, the switches. */
class SandboxGmailTest {

    private static Sandbox sandbox;
    private static SandboxClient client;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        sandbox = Sandbox.start(0);
        client = new SandboxClient(sandbox.url());
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @BeforeEach
    void emptyOutbox() throws Exception {
        http.send(HttpRequest.newBuilder(URI.create(sandbox.url() + "/sandbox/gmail/outbox")).DELETE().build(),
                HttpResponse.BodyHandlers.discarding());
    }

    @Test
    void a_gzipped_send_with_gmail_send_scope_lands_in_the_outbox_decoded() throws Exception {
        String token = googleToken("alice", DemoUsers.GMAIL_SEND);
        HttpResponse<String> response = send(token, body(message("dave@example.com", "Receipt <CS-1>")), true);
        assertEquals(200, response.statusCode(), response.body());
        JsonObject answer = new JsonObject(response.body());
        assertEquals(List.of("SENT"), answer.getJsonArray("labelIds").getList());
        assertEquals(answer.getString("id"), answer.getString("threadId"));

        JsonArray messages = client.get("/sandbox/gmail/outbox").getJsonArray("messages");
        assertEquals(1, messages.size());
        JsonObject mail = messages.getJsonObject(0);
        assertEquals(answer.getString("id"), mail.getString("id"));
        assertEquals("alice@example.com", mail.getString("from"), "Gmail sends as the authenticated account");
        assertEquals(List.of("dave@example.com"), mail.getJsonArray("to").getList());
        assertEquals("Receipt <CS-1>", mail.getString("subject"));
        assertEquals("plain \u00e9 text", mail.getString("text"));
        assertEquals("<p>html <b>part</b></p>", mail.getString("html"));
        assertEquals("yes", mail.getJsonObject("headers").getString("X-Test"));

        String page = get("/gmail/outbox").body();
        assertTrue(page.contains("Receipt &lt;CS-1&gt;"), "the page escapes what it shows");
        assertFalse(page.contains("<b>part</b>"));
    }

    @Test
    void tokens_google_never_issued_or_without_a_sending_scope_are_refused_like_google_does() throws Exception {
        HttpResponse<String> none = send(null, body(message("dave@example.com", "x")), false);
        assertEquals(401, none.statusCode());
        assertEquals("UNAUTHENTICATED", new JsonObject(none.body()).getJsonObject("error").getString("status"));
        assertTrue(none.headers().firstValue("WWW-Authenticate").orElse("").contains("invalid_token"));
        assertEquals(401, send("ya29.made-up", body(message("dave@example.com", "x")), false).statusCode());
        assertEquals(401, send(googleToken("alice", DemoUsers.GMAIL_SEND, 0), body(message("d@example.com", "x")),
                false).statusCode(), "an expired token");

        HttpResponse<String> readOnly = send(googleToken("carol", DemoUsers.SHEETS_READONLY),
                body(message("dave@example.com", "x")), false);
        assertEquals(403, readOnly.statusCode());
        JsonObject error = new JsonObject(readOnly.body()).getJsonObject("error");
        assertEquals(403, error.getInteger("code"));
        assertEquals("insufficientPermissions", error.getJsonArray("errors").getJsonObject(0).getString("reason"));
        assertTrue(readOnly.headers().firstValue("WWW-Authenticate").orElse("").contains("insufficient_scope"));
        assertTrue(client.get("/sandbox/gmail/outbox").getJsonArray("messages").isEmpty(), "nothing was sent");
    }

    @Test
    void malformed_bodies_are_invalid_arguments() throws Exception {
        String token = googleToken("alice", DemoUsers.GMAIL_SEND);
        assertEquals(400, send(token, "{\"raw\":\"***\"}", false).statusCode());
        assertEquals(400, send(token, "{}", false).statusCode());
        HttpResponse<String> noRecipient = send(token, body("Subject: hi\r\n\r\nbody".getBytes()), false);
        assertEquals(400, noRecipient.statusCode());
        assertTrue(noRecipient.body().contains("Recipient address required"), noRecipient.body());
    }

    @Test
    void switches_fail_the_next_sends_or_lose_the_next_answer() throws Exception {
        String token = googleToken("alice", DemoUsers.GMAIL_SEND);
        client.post("/sandbox/gmail/fail-next", new JsonObject().put("count", 2).put("status", 500));
        assertEquals(500, send(token, body(message("dave@example.com", "a")), false).statusCode());
        assertEquals(500, send(token, body(message("dave@example.com", "b")), false).statusCode());
        assertTrue(client.get("/sandbox/gmail/outbox").getJsonArray("messages").isEmpty());
        assertEquals(200, send(token, body(message("dave@example.com", "c")), false).statusCode());

        client.post("/sandbox/gmail/lose-next-answer", new JsonObject());
        try {
            send(token, body(message("dave@example.com", "d")), false);
            throw new AssertionError("the answer should have been lost");
        } catch (java.io.IOException expected) {
            // the connection closed without an answer
        }
        List<Object> subjects = client.get("/sandbox/gmail/outbox").getJsonArray("messages").stream()
                .map(m -> ((JsonObject) m).getString("subject")).map(Object.class::cast).toList();
        assertEquals(List.of("c", "d"), subjects, "the lost answer's message was sent all the same");
    }

    private String googleToken(String user, String scope) {
        return googleToken(user, scope, 3600);
    }

    private String googleToken(String user, String scope, long ttl) {
        return client.post("/sandbox/gmail/tokens", new JsonObject().put("user", user)
                .put("scopes", new JsonArray().add(scope)).put("ttl_seconds", ttl)).getString("access_token");
    }

    private static byte[] message(String to, String subject) throws Exception {
        MimeMessage m = new MimeMessage(Session.getInstance(new Properties()));
        m.setFrom(new InternetAddress("someone-else@example.com"));
        m.setRecipient(MimeMessage.RecipientType.TO, new InternetAddress(to));
        m.setSubject(subject, "UTF-8");
        m.setHeader("X-Test", "yes");
        MimeBodyPart text = new MimeBodyPart();
        text.setText("plain \u00e9 text", "UTF-8", "plain");
        MimeBodyPart html = new MimeBodyPart();
        html.setText("<p>html <b>part</b></p>", "UTF-8", "html");
        m.setContent(new MimeMultipart("alternative", text, html));
        m.setHeader("Message-ID", "<test@example.com>");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        m.writeTo(out);
        return out.toByteArray();
    }

    private static String body(byte[] rfc822) {
        return new JsonObject().put("raw", Base64.getUrlEncoder().withoutPadding().encodeToString(rfc822)).encode();
    }

    private HttpResponse<String> send(String token, String json, boolean gzip) throws Exception {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder request = HttpRequest.newBuilder(
                URI.create(sandbox.url() + "/gmail/v1/users/me/messages/send")).header("Content-Type",
                        "application/json");
        if (gzip) {
            ByteArrayOutputStream zipped = new ByteArrayOutputStream();
            try (GZIPOutputStream out = new GZIPOutputStream(zipped)) {
                out.write(bytes);
            }
            bytes = zipped.toByteArray();
            request.header("Content-Encoding", "gzip");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(sandbox.url() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
