package dev.changeset.sandbox;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Faults a test switches on for the Google emulators, each for the next {@code count} matching calls
 * ({@code count} -1: until cleared). One shape for every kind, so new kinds slot in:
 * <ul>
 * <li>{@code {"kind":"latency","millis":300}}: answer later;</li>
 * <li>{@code {"kind":"error","status":503,"count":2,"on":"read"}}: answer with Google's error (401, 403
 * {@code insufficientPermissions}, 404, 429, 500, 502, 503, 504); {@code "form"} picks the body's parts where Google
 * has sent more than one (see {@link SheetsError.Form}): {@code legacy} ({@code errors[]} only; the default for 429),
 * {@code details} ({@code details[]} only), {@code both} (the default for 403);</li>
 * <li>{@code {"kind":"corrupt-write"}}: apply the next write with its first value altered;</li>
 * <li>{@code {"kind":"lose-write-answer"}}: apply the next write, then drop the connection without answering.</li>
 * </ul>
 * {@code on} is {@code read}, {@code write} or {@code any} (the default; write-only kinds ignore it);
 * {@code skip} lets that many matching calls through first (0 by default).
 */
final class GoogleFaults {

    static final Set<String> KINDS = Set.of("latency", "error", "corrupt-write", "lose-write-answer");

    private record Fault(String kind, String on, int status, SheetsError.Form form, long millis,
            AtomicInteger remaining, AtomicInteger skip) {

        boolean matches(String wanted, boolean write) {
            return kind.equals(wanted) && remaining.get() != 0
                    && (on.equals("any") || on.equals(write ? "write" : "read"));
        }

        /** Uses one of the remaining calls; false when another thread took the last one. */
        boolean take() {
            if (skip.getAndUpdate(n -> n > 0 ? n - 1 : n) > 0) {
                return false;
            }
            return remaining.getAndUpdate(n -> n > 0 ? n - 1 : n) != 0;
        }

        JsonObject describe() {
            return new JsonObject().put("kind", kind).put("on", on).put("status", status)
                    .put("form", form.name().toLowerCase()).put("millis", millis)
                    .put("remaining", remaining.get()).put("skip", skip.get());
        }
    }

    private final List<Fault> faults = new CopyOnWriteArrayList<>();

    /** Adds a fault from its JSON description; an unknown kind or a bad status is refused. */
    JsonObject add(JsonObject spec) {
        String kind = spec.getString("kind", "");
        if (!KINDS.contains(kind)) {
            throw new IllegalArgumentException("kind must be one of " + KINDS);
        }
        String on = kind.endsWith("write") || kind.endsWith("write-answer") ? "write" : spec.getString("on", "any");
        if (!Set.of("any", "read", "write").contains(on)) {
            throw new IllegalArgumentException("on must be read, write or any");
        }
        int status = spec.getInteger("status", 503);
        if (kind.equals("error") && !Set.of(401, 403, 404, 429, 500, 502, 503, 504).contains(status)) {
            throw new IllegalArgumentException("status must be 401, 403, 404, 429, 500, 502, 503 or 504");
        }
        String form = spec.getString("form", status == 429 ? "legacy" : "both");
        if (!Set.of("legacy", "details", "both").contains(form)) {
            throw new IllegalArgumentException("form must be legacy, details or both");
        }
        int count = spec.getInteger("count", kind.equals("latency") ? -1 : 1);
        Fault fault = new Fault(kind, on, status, SheetsError.Form.valueOf(form.toUpperCase()),
                spec.getLong("millis", 0L), new AtomicInteger(count),
                new AtomicInteger(Math.max(0, spec.getInteger("skip", 0))));
        faults.add(fault);
        return fault.describe();
    }

    /** Milliseconds to wait before answering this call. */
    long latency(boolean write) {
        return faults.stream().filter(f -> f.matches("latency", write) && f.take()).mapToLong(Fault::millis).sum();
    }

    /** The error to fail this call with, if an error fault applies. */
    Optional<SheetsError> error(boolean write) {
        return faults.stream().filter(f -> f.matches("error", write) && f.take())
                .map(f -> SheetsError.injected(f.status(), f.form())).findFirst();
    }

    /** True when a write-only fault of {@code kind} applies to this write (and uses it up). */
    boolean takeWriteFault(String kind) {
        return faults.stream().anyMatch(f -> f.matches(kind, true) && f.take());
    }

    JsonArray describe() {
        JsonArray out = new JsonArray();
        faults.forEach(f -> out.add(f.describe()));
        return out;
    }

    void clear() {
        faults.clear();
    }
}
