package dev.changeset.sandbox;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * Google's per-minute quotas for one API, per user and per project, each bucket ({@code read}, {@code write}, ...)
 * counted on its own, as Google documents them:
 * <ul>
 * <li>Sheets, "Usage limits" (https://developers.google.com/workspace/sheets/api/limits): read requests 300 a minute
 * per project and 60 a minute per user per project, write requests the same, "per-minute quotas, and they're
 * refilled every minute"; past them a request gets 429 "Too many requests", and "after 1 minute, you can execute
 * requests again". So counts here are per clock minute and start again at the next one.</li>
 * <li>Gmail, "Usage limits" (https://developers.google.com/gmail/api/reference/quota): 1,200,000 quota
 * units a minute per project ({@code rateLimitExceeded}) and 15,000 per user ({@code userRateLimitExceeded});
 * {@code messages.send} costs 100 units.</li>
 * </ul>
 * A request over a limit is refused and not counted. Tests set limits and turn the minute over with
 * {@link #control(RoutingContext)} ({@code POST /sandbox/google/quota}, {@code POST /sandbox/gmail/quota}):
 * {@code {"read":{"perUser":60,"perProject":300},"write":{...}}}, {@code {"refill":true}} (the minute has turned:
 * every count back to zero), {@code {"limits":"google"}} (Google's numbers) or {@code {"limits":"unlimited"}}; the
 * older {@code {"writesPerMinute":N}} sets the write limit per user.
 */
final class GoogleQuota {

    /** One bucket's limits; {@link Integer#MAX_VALUE} is no limit. */
    record Limits(int perUser, int perProject) {

        static final Limits UNLIMITED = new Limits(Integer.MAX_VALUE, Integer.MAX_VALUE);
    }

    /** A refused request: which bucket, which of its two limits, and that limit's value. */
    record Exceeded(String bucket, boolean perUser, int limit) {
    }

    private final Map<String, Limits> google;
    private final boolean startWithGoogleLimits;
    private final LongSupplier millis;
    private final Map<String, Limits> limits = new LinkedHashMap<>();
    private final Map<String, Integer> used = new HashMap<>();
    private long minute;

    private GoogleQuota(Map<String, Limits> google, boolean startWithGoogleLimits, LongSupplier millis) {
        this.google = Map.copyOf(google);
        this.startWithGoogleLimits = startWithGoogleLimits;
        this.millis = millis;
        reset();
    }

    /** Sheets: read and write requests, 60 per user and 300 per project a minute each. */
    static GoogleQuota sheets(boolean googleLimits) {
        Limits documented = new Limits(60, 300);
        return new GoogleQuota(Map.of("read", documented, "write", documented), googleLimits,
                System::currentTimeMillis);
    }

    /** Gmail: quota units, 15,000 per user and 1,200,000 per project a minute. */
    static GoogleQuota gmail(boolean googleLimits) {
        return new GoogleQuota(Map.of("units", new Limits(15_000, 1_200_000)), googleLimits, System::currentTimeMillis);
    }

    /** A quota with {@code limits} whose time (epoch milliseconds) is {@code millis}. */
    static GoogleQuota forTest(Map<String, Limits> limits, LongSupplier millis) {
        return new GoogleQuota(limits, true, millis);
    }

    /** Counts {@code units} of {@code bucket} for {@code user}, or says which limit refuses them (nothing counted). */
    synchronized Optional<Exceeded> charge(String bucket, String user, int units) {
        turnMinute();
        Limits limit = limits.getOrDefault(bucket, Limits.UNLIMITED);
        String userKey = bucket + "|" + user;
        int byUser = used.getOrDefault(userKey, 0);
        int byProject = used.getOrDefault(bucket, 0);
        if ((long) byUser + units > limit.perUser()) {
            return Optional.of(new Exceeded(bucket, true, limit.perUser()));
        }
        if ((long) byProject + units > limit.perProject()) {
            return Optional.of(new Exceeded(bucket, false, limit.perProject()));
        }
        used.put(userKey, byUser + units);
        used.put(bucket, byProject + units);
        return Optional.empty();
    }

    private void turnMinute() {
        long now = millis.getAsLong() / 60_000;
        if (now != minute) {
            minute = now;
            used.clear();
        }
    }

    /** Back to the limits this sandbox started with, every count at zero. */
    synchronized void reset() {
        limits.clear();
        google.forEach((bucket, l) -> limits.put(bucket, startWithGoogleLimits ? l : Limits.UNLIMITED));
        used.clear();
        minute = millis.getAsLong() / 60_000;
    }

    synchronized void refill() {
        used.clear();
    }

    synchronized JsonObject describe() {
        JsonObject out = new JsonObject();
        limits.forEach((bucket, l) -> out.put(bucket, new JsonObject()
                .put("perUser", l.perUser()).put("perProject", l.perProject())
                .put("usedByProject", used.getOrDefault(bucket, 0))));
        return out;
    }

    /** The test control route's handler (see the class comment). */
    void control(RoutingContext ctx) {
        JsonObject body = SandboxTokenVault.body(ctx);
        synchronized (this) {
            String preset = body.getString("limits");
            if (preset != null) {
                if (!preset.equals("google") && !preset.equals("unlimited")) {
                    throw new IllegalArgumentException("limits must be google or unlimited");
                }
                google.forEach((bucket, l) -> limits.put(bucket, preset.equals("google") ? l : Limits.UNLIMITED));
            }
            if (body.containsKey("writesPerMinute")) {
                Limits write = limits.getOrDefault("write", Limits.UNLIMITED);
                limits.put("write", new Limits(nonNegative(body.getInteger("writesPerMinute")), write.perProject()));
            }
            for (String bucket : google.keySet()) {
                JsonObject change = body.getJsonObject(bucket);
                if (change != null) {
                    Limits now = limits.get(bucket);
                    limits.put(bucket, new Limits(nonNegative(change.getInteger("perUser", now.perUser())),
                            nonNegative(change.getInteger("perProject", now.perProject()))));
                }
            }
            if (body.getBoolean("refill", false)) {
                used.clear();
            }
        }
        Sandbox.json(ctx, 200, describe());
    }

    private static int nonNegative(Integer value) {
        if (value == null || value < 0) {
            throw new IllegalArgumentException("a limit is a whole number, 0 or more");
        }
        return value;
    }
}
