package dev.changeset.sandbox;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Google's per-user write quota: at most {@code perMinute} write requests in any 60 seconds (default 60). */
final class WriteQuota {

    private static final long WINDOW_NANOS = 60_000_000_000L;

    private final Map<String, Deque<Long>> writes = new ConcurrentHashMap<>();
    private volatile int perMinute = 60;

    int perMinute() {
        return perMinute;
    }

    void perMinute(int limit) {
        perMinute = limit;
    }

    /** Counts a write by {@code subject}; false when it is over the quota (and then it is not counted). */
    boolean tryWrite(String subject) {
        Deque<Long> times = writes.computeIfAbsent(subject, s -> new ArrayDeque<>());
        long now = System.nanoTime();
        synchronized (times) {
            while (!times.isEmpty() && now - times.peekFirst() >= WINDOW_NANOS) {
                times.removeFirst();
            }
            if (times.size() >= perMinute) {
                return false;
            }
            times.addLast(now);
            return true;
        }
    }

    void reset() {
        writes.clear();
        perMinute = 60;
    }
}
