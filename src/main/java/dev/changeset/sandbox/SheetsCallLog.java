package dev.changeset.sandbox;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Every call the Sheets emulator received, in order: what was asked, for which ranges, by whom and with which token
 * (named by the exchange that issued it and a fingerprint, never the token itself), how it was answered, and how
 * long the sandbox took from receiving it to answering ({@code handlingMillis}, injected latency included), and what
 * the answer carried: {@code cells} (values returned) and {@code bytes} (its JSON body, uncompressed).
 * Keeps the last 10,000.
 */
final class SheetsCallLog {

    /** One call; {@code status} 0 means the connection was dropped without an answer. */
    record Call(long seq, Instant at, String method, String spreadsheetId, List<String> ranges, String subject,
            String exchangeId, String tokenFingerprint, String valueInputOption, int status, long handlingNanos, int cells,
            int bytes) {

        JsonObject json() {
            return new JsonObject().put("seq", seq).put("at", at.toString()).put("method", method)
                    .put("spreadsheetId", spreadsheetId).put("ranges", new JsonArray(ranges))
                    .put("user", subject).put("exchangeId", exchangeId).put("tokenFingerprint", tokenFingerprint)
                    .put("valueInputOption", valueInputOption).put("status", status)
                    .put("handlingMillis", handlingNanos / 1e6).put("cells", cells).put("bytes", bytes);
        }
    }

    private final Deque<Call> calls = new ArrayDeque<>();
    private long seq;

    synchronized void record(String method, String spreadsheetId, List<String> ranges, String subject,
            String exchangeId, String token, String valueInputOption, int status, long handlingNanos, int cells,
            int bytes) {
        calls.addLast(new Call(++seq, Instant.now(), method, spreadsheetId, List.copyOf(ranges), subject, exchangeId,
                token == null ? null : fingerprint(token), valueInputOption, status, handlingNanos, cells, bytes));
        if (calls.size() > 10_000) {
            calls.removeFirst();
        }
    }

    /** Calls after {@code since}, with the sequence number to ask from next time. */
    synchronized JsonObject since(long since) {
        JsonArray out = new JsonArray();
        calls.stream().filter(c -> c.seq() > since).forEach(c -> out.add(c.json()));
        return new JsonObject().put("calls", out).put("next", seq);
    }

    synchronized void clear() {
        calls.clear();
    }

    /** The first 12 hex digits of the token's SHA-256: tells tokens apart without showing one. */
    static String fingerprint(String token) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
