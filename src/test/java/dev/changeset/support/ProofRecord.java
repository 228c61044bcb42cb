package dev.changeset.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * One proof's tally for the final table ({@code src/bench/proof.sh} reads {@code target/proof/<name>.json}):
 * every attempt with what was expected and what happened, and how many were tried and held.
 */
public final class ProofRecord {

    /** One attempt: {@code held} is true when the server did what the proof requires (refused, kept safe). */
    public record Attempt(String name, String expected, String observed, boolean held) {
    }

    private final String name;
    private final List<Attempt> attempts = new ArrayList<>();

    public ProofRecord(String name) {
        this.name = name;
    }

    public synchronized void add(Attempt attempt) {
        attempts.add(attempt);
    }

    /** Writes {@code target/proof/<name>.json}: {@code {"tried","held","attempts":[...]}}. */
    public synchronized Path write() {
        JsonArray list = new JsonArray();
        attempts.forEach(a -> list.add(new JsonObject().put("name", a.name()).put("expected", a.expected())
                .put("observed", a.observed()).put("held", a.held())));
        JsonObject json = new JsonObject().put("proof", name).put("tried", attempts.size())
                .put("held", attempts.stream().filter(Attempt::held).count()).put("attempts", list);
        Path file = Path.of("target", "proof", name + ".json");
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, json.encodePrettily() + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }
}
