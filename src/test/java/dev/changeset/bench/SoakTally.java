package dev.changeset.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the soak's clients did: calls per tool, and every failure sorted into injected (it names the Google fault the
 * soak switched on: HTTP 429 "limiting requests" or 5xx "not answering properly") or unexpected (anything else).
 */
final class SoakTally {

    /** The server's words for the two injected Google faults (catalog.GoogleCalls), after its bounded retries. */
    static final List<String> INJECTED = List.of("limiting requests", "not answering properly");

    private final Map<String, LongAdder> calls = new ConcurrentHashMap<>();
    private final LongAdder total = new LongAdder();
    private final AtomicLong injected = new AtomicLong();
    private final AtomicLong faultsArmed = new AtomicLong();
    private final List<String> unexpected = new ArrayList<>();

    void called(String tool) {
        calls.computeIfAbsent(tool, t -> new LongAdder()).increment();
        total.increment();
    }

    long total() {
        return total.sum();
    }

    Map<String, Long> perTool() {
        Map<String, Long> out = new TreeMap<>();
        calls.forEach((tool, n) -> out.put(tool, n.sum()));
        return out;
    }

    static boolean isInjected(String text) {
        return text != null && INJECTED.stream().anyMatch(text::contains);
    }

    /** A failed call or an unwanted outcome: injected when it names an injected fault, else unexpected. */
    void failed(String what, String text) {
        if (isInjected(text)) {
            injected.incrementAndGet();
        } else {
            unexpected(what + ": " + text);
        }
    }

    synchronized void unexpected(String line) {
        unexpected.add(line.length() > 600 ? line.substring(0, 600) + "..." : line);
    }

    synchronized List<String> unexpectedErrors() {
        return List.copyOf(unexpected);
    }

    long injectedErrors() {
        return injected.get();
    }

    /** Google answers the soak switched to an error (a read is tried up to four times before the call fails). */
    void armed(int answers) {
        faultsArmed.addAndGet(answers);
    }

    long faultsArmed() {
        return faultsArmed.get();
    }
}
