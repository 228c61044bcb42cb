package dev.changeset.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import dev.changeset.vault.GoogleRole;

/**
 * The delegation chain of one execution as it happens: which role made which Google call, how often, how long it
 * took, and under whose authority. The receipt is built from it. Used by one execution at a time.
 */
final class Trail {

    /** One Google call (or a retried batch of them) made by a role. */
    record Call(GoogleRole role, String method, long millis, boolean ok) {
    }

    private final Authority authority;
    private final List<Call> calls = new ArrayList<>();

    Trail(Authority authority) {
        this.authority = authority;
    }

    /** No execution happened (denied, expired, cancelled before running). */
    static Trail none() {
        return new Trail(null);
    }

    Authority authority() {
        return authority;
    }

    List<Call> calls() {
        return List.copyOf(calls);
    }

    <T> T writer(Supplier<T> call, String method) {
        return timed(GoogleRole.WRITER, call, method);
    }

    <T> T reader(Supplier<T> call, String method) {
        return timed(GoogleRole.READER, call, method);
    }

    private <T> T timed(GoogleRole role, Supplier<T> call, String method) {
        long start = System.nanoTime();
        boolean ok = false;
        try {
            T result = call.get();
            ok = true;
            return result;
        } finally {
            calls.add(new Call(role, method, (System.nanoTime() - start) / 1_000_000, ok));
        }
    }
}
