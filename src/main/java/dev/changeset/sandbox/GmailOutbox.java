package dev.changeset.sandbox;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.mail.Address;
import jakarta.mail.Header;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import com.google.common.html.HtmlEscapers;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** The messages the sandbox Gmail has sent, decoded from their RFC 822 form, newest last. */
final class GmailOutbox {

    /** One sent message as a test or a person wants to see it. */
    record SentMail(String id, String threadId, String account, String from, List<String> to, String subject,
            String text, String html, Map<String, String> headers, Instant sentAt) {

        JsonObject toJson() {
            JsonObject headerJson = new JsonObject();
            headers.forEach(headerJson::put);
            return new JsonObject().put("id", id).put("threadId", threadId).put("account", account).put("from", from)
                    .put("to", new JsonArray(to)).put("subject", subject).put("text", text).put("html", html)
                    .put("headers", headerJson).put("sentAt", sentAt.toString());
        }
    }

    /** The raw bytes are not an RFC 822 message Gmail would send. */
    static final class Unreadable extends Exception {
        Unreadable(String message) {
            super(message);
        }
    }

    private final List<SentMail> sent = Collections.synchronizedList(new ArrayList<>());

    /**
     * Decodes and keeps a message sent from {@code account} (Gmail sends as the authenticated account, whatever the
     * {@code From} header says).
     */
    SentMail add(byte[] rfc822, String account) throws Unreadable {
        try {
            MimeMessage message = new MimeMessage(Session.getInstance(new Properties()),
                    new ByteArrayInputStream(rfc822));
            Address[] recipients = message.getAllRecipients();
            if (recipients == null || recipients.length == 0) {
                throw new Unreadable("Recipient address required");
            }
            Map<String, String> headers = new LinkedHashMap<>();
            for (Header h : Collections.list(message.getAllHeaders())) {
                headers.merge(h.getName(), h.getValue(), (a, b) -> a + ", " + b);
            }
            Address[] to = message.getRecipients(MimeMessage.RecipientType.TO);
            String[] bodies = new String[2];
            collectBodies(message, bodies);
            String id = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
            SentMail mail = new SentMail(id, id, account, account,
                    to == null ? List.of() : Arrays.stream(to).map(a -> ((InternetAddress) a).getAddress()).toList(),
                    message.getSubject(), bodies[0], bodies[1], headers, Instant.now());
            sent.add(mail);
            return mail;
        } catch (MessagingException | IOException e) {
            throw new Unreadable("Invalid RFC 822 message: " + e.getMessage());
        }
    }

    /** Finds the text/plain and text/html parts, through nested multiparts. */
    private static void collectBodies(Part part, String[] bodies) throws MessagingException, IOException {
        if (part.isMimeType("text/plain") && bodies[0] == null) {
            bodies[0] = (String) part.getContent();
        } else if (part.isMimeType("text/html") && bodies[1] == null) {
            bodies[1] = (String) part.getContent();
        } else if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                collectBodies(multipart.getBodyPart(i), bodies);
            }
        }
    }

    List<SentMail> all() {
        synchronized (sent) {
            return List.copyOf(sent);
        }
    }

    void clear() {
        sent.clear();
    }

    /** The outbox page a person reads: every message, newest first, everything escaped. */
    String page() {
        StringBuilder html = new StringBuilder("""
                <!doctype html><html><head><meta charset="utf-8"><title>Sandbox Gmail outbox</title>
                <style>body{font-family:sans-serif;margin:2em}article{border:1px solid #ccc;padding:1em;margin:1em 0}
                pre{white-space:pre-wrap;background:#f6f6f6;padding:.5em}</style></head><body>
                <h1>Sandbox Gmail outbox</h1>
                """);
        List<SentMail> mails = new ArrayList<>(all());
        Collections.reverse(mails);
        if (mails.isEmpty()) {
            html.append("<p>No message sent yet.</p>");
        }
        for (SentMail m : mails) {
            html.append("<article><h2>").append(escape(m.subject())).append("</h2><p>")
                    .append(escape(m.sentAt().toString())).append(" &middot; from ").append(escape(m.from()))
                    .append(" to ").append(escape(String.join(", ", m.to()))).append(" &middot; id ")
                    .append(escape(m.id())).append("</p><pre>").append(escape(m.text() == null ? "" : m.text()))
                    .append("</pre>");
            if (m.html() != null) {
                html.append("<details><summary>HTML part (source)</summary><pre>").append(escape(m.html()))
                        .append("</pre></details>");
            }
            html.append("</article>");
        }
        return html.append("</body></html>").toString();
    }

    private static String escape(String s) {
        return s == null ? "" : HtmlEscapers.htmlEscaper().escape(s);
    }
}
