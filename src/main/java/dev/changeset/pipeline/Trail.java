package dev.changeset.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

import dev.changeset.vault.GoogleAccess;
import dev.changeset.vault.GoogleRole;

/**
 * The delegation chain of one execution as it happens: which role made which Google call, how often, how long it
 * took, with which Token Vault exchange, and under whose authority. The receipt is built from it alone, so sealing
 * never asks Token Vault again (a cache miss there would be a new exchange, for a receipt that must name the ones
 * used). Holds exchange ids and scopes, never a token. Used by one execution at a time.
 */
final class Trail {

    /** The method name the one write of an execution is recorded under. */
    static final String WRITE = "values.batchUpdate";

    /**
     * One Google call (or a retried batch of them) made by a role.
     *
     * @param access the exchange whose token made the call; absent when the call failed before saying so
     */
    record Call(GoogleRole role, String method, long millis, boolean ok, Optional<Exchange> access) {
    }

    /** A Token Vault exchange as the receipt names it: its id and the Google scopes its token held. */
    record Exchange(String tokenExchangeId, Set<String> grantedScopes) {

        static Exchange of(GoogleAccess access) {
            return new Exchange(access.tokenExchangeId(), Set.copyOf(access.grantedScopes()));
        }
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

    /** The exchange that made the role's last call that said which (a 401 retried with a fresh one: the fresh one). */
    Optional<Exchange> lastExchange(GoogleRole role) {
        Optional<Exchange> last = Optional.empty();
        for (Call call : calls) {
            if (call.role() == role && call.access().isPresent()) {
                last = call.access();
            }
        }
        return last;
    }

    /** True when a write was sent to Google, answered or not: from then on the sheet may hold some of it. */
    boolean writeSent() {
        return calls.stream().anyMatch(c -> c.role() == GoogleRole.WRITER && c.method().startsWith(WRITE));
    }

    /** A call the Writer makes; {@code call} is told which exchange made it. */
    <T> T writer(Function<Consumer<GoogleAccess>, T> call, String method) {
        return timed(GoogleRole.WRITER, call, method);
    }

    /** A call the Reader makes; {@code call} is told which exchange made it. */
    <T> T reader(Function<Consumer<GoogleAccess>, T> call, String method) {
        return timed(GoogleRole.READER, call, method);
    }

    private <T> T timed(GoogleRole role, Function<Consumer<GoogleAccess>, T> call, String method) {
        long start = System.nanoTime();
        boolean ok = false;
        Exchange[] used = new Exchange[1];
        try {
            T result = call.apply(access -> used[0] = Exchange.of(access));
            ok = true;
            return result;
        } finally {
            calls.add(new Call(role, method, (System.nanoTime() - start) / 1_000_000, ok,
                    Optional.ofNullable(used[0])));
        }
    }
}
