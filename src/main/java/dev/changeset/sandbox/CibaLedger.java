package dev.changeset.sandbox;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import dev.changeset.sandbox.DemoUsers.DemoUser;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The sandbox tenant's CIBA state: every request received, the per-user rate window, and what tests scripted.
 * Scripted outcomes are settled lazily (when a request is polled, listed or shown), so no timer runs and a held
 * sandbox costs nothing however many requests wait. All methods are synchronized: the state is small.
 */
final class CibaLedger {

    enum Status {
        PENDING, APPROVED, DENIED, EXPIRED, REDEEMED
    }

    /** What a script does to a request when it comes due; NEVER leaves it pending until it expires. */
    enum Action {
        APPROVE, DENY, EXPIRE, NEVER
    }

    record Script(Action action, Duration after) {
    }

    /** One CIBA request as the tenant holds it. {@code authReqId} is never listed, shown or logged. */
    static final class Entry {
        final String id;
        final String authReqId;
        final DemoUser user;
        final String clientId;
        final String scope;
        final String audience;
        final String bindingMessage;
        final JsonArray details;
        final int requestedExpiry;
        final String channel;
        /** The consent id of an email request ({@code /bc-verify?consent=...}); null for a push. */
        final String consentId;
        final Instant createdAt;
        final Instant expiresAt;
        int interval;
        int slowDowns;
        Instant lastPollAt;
        final List<Instant> polls = new ArrayList<>();
        Status status = Status.PENDING;
        Instant decidedAt;
        Script script;
        Instant scriptFrom;
        /** What the token answer echoes as {@code authorization_details} instead of {@link #details} (tests). */
        JsonArray echoed;

        Entry(String id, String authReqId, DemoUser user, String clientId, String scope, String audience,
                String bindingMessage, JsonArray details, int requestedExpiry, String channel, Instant createdAt,
                int interval) {
            this.id = id;
            this.authReqId = authReqId;
            this.user = user;
            this.clientId = clientId;
            this.scope = scope;
            this.audience = audience;
            this.bindingMessage = bindingMessage;
            this.details = details;
            this.requestedExpiry = requestedExpiry;
            this.channel = channel;
            this.consentId = "email".equals(channel) ? "cns_" + randomId(16) : null;
            this.createdAt = createdAt;
            this.expiresAt = createdAt.plusSeconds(requestedExpiry);
            this.interval = interval;
        }

        JsonObject toJson() {
            return new JsonObject().put("id", id).put("user", user.handle()).put("subject", user.subject())
                    .put("client_id", clientId).put("scope", scope).put("audience", audience)
                    .put("binding_message", bindingMessage).put("authorization_details", details)
                    .put("requested_expiry", requestedExpiry).put("channel", channel)
                    .put("status", status.name().toLowerCase()).put("interval", interval)
                    .put("slow_downs", slowDowns).put("poll_count", polls.size())
                    .put("polled_at", new JsonArray(polls.stream().map(Instant::toString).toList()))
                    .put("created_at", createdAt.toString()).put("expires_at", expiresAt.toString())
                    .put("decided_at", decidedAt == null ? null : decidedAt.toString())
                    .put("script", script == null ? null : script.action().name().toLowerCase());
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private static String randomId(int bytes) {
        byte[] secret = new byte[bytes];
        RANDOM.nextBytes(secret);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    private final Map<String, Entry> byId = new LinkedHashMap<>();
    private final Map<String, Entry> byAuthReqId = new HashMap<>();
    private final Map<String, Deque<Instant>> acceptedPerUser = new HashMap<>();
    private final Map<String, Script> userScripts = new HashMap<>();
    private final Map<String, Boolean> enrollment = new HashMap<>();
    private final Map<String, Integer> forcedSlowDowns = new HashMap<>();
    private final Map<String, Integer> forcedRetryAfter = new HashMap<>();
    private int counter;
    private int interval;
    private int perUserPerMinute;
    private int tenantPerMinute;
    private int maxPending;
    private final Deque<Instant> acceptedByTenant = new ArrayDeque<>();
    private String expiredError;
    private boolean ignoreExpiry;
    private boolean held;
    private int slowDownStatus;
    private boolean slowDownBodyInterval;
    private boolean emailChannel;

    CibaLedger() {
        reset();
    }

    synchronized void reset() {
        byId.clear();
        byAuthReqId.clear();
        acceptedPerUser.clear();
        userScripts.clear();
        enrollment.clear();
        forcedSlowDowns.clear();
        forcedRetryAfter.clear();
        ignoreExpiry = false;
        slowDownStatus = 400;
        slowDownBodyInterval = true;
        emailChannel = true;
        interval = 5;
        perUserPerMinute = 5;
        tenantPerMinute = 500;
        maxPending = 5000;
        acceptedByTenant.clear();
        expiredError = "access_denied";
        held = false;
    }

    /** Applies the settings present in {@code json}; answers all settings as they now are. */
    synchronized JsonObject settings(JsonObject json) {
        interval = json.getInteger("interval", interval);
        perUserPerMinute = json.getInteger("per_user_per_minute", perUserPerMinute);
        tenantPerMinute = json.getInteger("tenant_per_minute", tenantPerMinute);
        maxPending = json.getInteger("max_pending", maxPending);
        if (perUserPerMinute < 1 || tenantPerMinute < 1 || maxPending < 1) {
            throw new IllegalArgumentException("per_user_per_minute, tenant_per_minute and max_pending must be at least 1");
        }
        String expired = json.getString("expired_error", expiredError);
        if (!expired.equals("access_denied") && !expired.equals("expired_token")) {
            throw new IllegalArgumentException("expired_error is access_denied (Auth0) or expired_token (CIBA Core)");
        }
        expiredError = expired;
        ignoreExpiry = json.getBoolean("ignore_expiry", ignoreExpiry);
        int status = json.getInteger("slow_down_status", slowDownStatus);
        if (status != 400 && status != 429) {
            throw new IllegalArgumentException("slow_down_status is 400 (CIBA Core) or 429, not " + status);
        }
        slowDownStatus = status;
        slowDownBodyInterval = json.getBoolean("slow_down_body_interval", slowDownBodyInterval);
        emailChannel = json.getBoolean("email_channel", emailChannel);
        return new JsonObject().put("email_channel", emailChannel).put("tenant_per_minute", tenantPerMinute)
                .put("max_pending", maxPending).put("interval", interval).put("per_user_per_minute", perUserPerMinute)
                .put("expired_error", expiredError).put("ignore_expiry", ignoreExpiry).put("held", held)
                .put("slow_down_status", slowDownStatus).put("slow_down_body_interval", slowDownBodyInterval);
    }

    /** Whether the CIBA application has the email notification channel ({@code async_approval_notification_channels}). */
    synchronized boolean emailChannel() {
        return emailChannel;
    }

    /** The email request with this consent id (the {@code consent} of its {@code /bc-verify} link). */
    synchronized Optional<Entry> byConsent(String consentId) {
        return byId.values().stream().filter(e -> e.consentId != null && e.consentId.equals(consentId)).findFirst()
                .map(e -> settle(e, Instant.now()));
    }

    /** The HTTP status a {@code slow_down} comes with: 400 or 429. */
    synchronized int slowDownStatus() {
        return slowDownStatus;
    }

    /** Whether a {@code slow_down} body names the {@code interval} (as one of Auth0's examples does). */
    synchronized boolean slowDownBodyInterval() {
        return slowDownBodyInterval;
    }

    synchronized String expiredError() {
        return expiredError;
    }

    synchronized boolean enrolled(DemoUser user) {
        return enrollment.getOrDefault(user.subject(), user.guardianEnrolled());
    }

    synchronized void setEnrolled(DemoUser user, boolean enrolled) {
        enrollment.put(user.subject(), enrolled);
    }

    /** When this user may be sent another request, if Auth0's per-user limit holds them back now. */
    synchronized Optional<Duration> rateLimited(DemoUser user, Instant now) {
        Deque<Instant> window = acceptedPerUser.computeIfAbsent(user.subject(), k -> new ArrayDeque<>());
        while (!window.isEmpty() && !window.peekFirst().plusSeconds(60).isAfter(now)) {
            window.removeFirst();
        }
        if (window.size() < perUserPerMinute) {
            return Optional.empty();
        }
        return Optional.of(Duration.between(now, window.peekFirst().plusSeconds(60)));
    }

    /**
     * When the tenant may take another {@code /bc-authorize}, if its rate limit holds it back now: "Back-Channel
     * authorize (CIBA) POST 500/minute, from an IP address" (https://auth0.com/docs/troubleshoot/customer-support/
     * operational-policies/rate-limit-policy/rate-limit-configurations/enterprise-public; every call here comes
     * from the one server, so one window).
     */
    synchronized Optional<Duration> tenantRateLimited(Instant now) {
        while (!acceptedByTenant.isEmpty() && !acceptedByTenant.peekFirst().plusSeconds(60).isAfter(now)) {
            acceptedByTenant.removeFirst();
        }
        return acceptedByTenant.size() < tenantPerMinute ? Optional.empty()
                : Optional.of(Duration.between(now, acceptedByTenant.peekFirst().plusSeconds(60)));
    }

    synchronized int tenantPerMinute() {
        return tenantPerMinute;
    }

    /**
     * Whether the tenant already holds as many pending requests as it may: "Concurrent CIBA Transactions 5,000"
     * (https://auth0.com/docs/troubleshoot/customer-support/operational-policies/entity-limit-policy).
     */
    synchronized boolean tooManyPending(Instant now) {
        return byId.values().stream().map(e -> settle(e, now)).filter(e -> e.status == Status.PENDING).count()
                >= maxPending;
    }

    synchronized int maxPending() {
        return maxPending;
    }

    synchronized int perUserPerMinute() {
        return perUserPerMinute;
    }

    /** Records an accepted request and gives it its secret id and the user's script, if any. */
    synchronized Entry accept(DemoUser user, String clientId, String scope, String audience, String bindingMessage,
            JsonArray details, int requestedExpiry, String channel, Instant now) {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String authReqId = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        Entry entry = new Entry("req-" + (++counter), authReqId, user, clientId, scope, audience, bindingMessage,
                details, requestedExpiry, channel, now, interval);
        Script script = userScripts.get(user.subject());
        if (script != null) {
            entry.script = script;
            entry.scriptFrom = now;
        }
        byId.put(entry.id, entry);
        byAuthReqId.put(authReqId, entry);
        acceptedPerUser.computeIfAbsent(user.subject(), k -> new ArrayDeque<>()).addLast(now);
        acceptedByTenant.addLast(now);
        return entry;
    }

    synchronized Optional<Entry> byAuthReqId(String authReqId) {
        return Optional.ofNullable(byAuthReqId.get(authReqId)).map(e -> settle(e, Instant.now()));
    }

    synchronized Optional<Entry> byId(String id) {
        return Optional.ofNullable(byId.get(id)).map(e -> settle(e, Instant.now()));
    }

    synchronized List<JsonObject> list(Predicate<Entry> filter) {
        Instant now = Instant.now();
        return byId.values().stream().map(e -> settle(e, now)).filter(filter).map(Entry::toJson).toList();
    }

    synchronized List<Entry> entries(Predicate<Entry> filter) {
        Instant now = Instant.now();
        return byId.values().stream().map(e -> settle(e, now)).filter(filter).toList();
    }

    synchronized void scriptUser(DemoUser user, Script script) {
        if (script == null) {
            userScripts.remove(user.subject());
        } else {
            userScripts.put(user.subject(), script);
        }
    }

    /**
     * The user's next {@code polls} polls of a pending request are answered {@code slow_down}, however timed; with
     * {@code retryAfter}, each such answer also makes the request's interval at least that many seconds (what its
     * {@code Retry-After} then says).
     */
    synchronized void forceSlowDown(DemoUser user, int polls, Integer retryAfter) {
        if (polls < 0) {
            throw new IllegalArgumentException("polls cannot be negative");
        }
        if (retryAfter != null && retryAfter < 1) {
            throw new IllegalArgumentException("retry_after must be at least 1 s");
        }
        forcedSlowDowns.put(user.subject(), polls);
        if (retryAfter == null) {
            forcedRetryAfter.remove(user.subject());
        } else {
            forcedRetryAfter.put(user.subject(), retryAfter);
        }
    }

    /** The token answer of this request will echo {@code details} instead of what was asked (tests). */
    synchronized void echo(Entry entry, JsonArray details) {
        entry.echoed = details;
    }

    synchronized void scriptRequest(Entry entry, Script script) {
        entry.script = script;
        entry.scriptFrom = Instant.now();
    }

    /** Approves or denies a pending request now (the Guardian buttons); false when it is no longer pending. */
    synchronized boolean decide(Entry entry, Action action) {
        settle(entry, Instant.now());
        if (entry.status != Status.PENDING) {
            return false;
        }
        apply(entry, action, Instant.now());
        return true;
    }

    synchronized void hold() {
        held = true;
    }

    /** Ends the hold; with an action, decides every pending request with it, else their scripts resume. */
    synchronized int release(Optional<Action> action) {
        Instant now = Instant.now();
        int decided = 0;
        for (Entry entry : byId.values()) {
            settle(entry, now); // still held: only expiry applies here, not the scripts
            if (action.isPresent() && entry.status == Status.PENDING) {
                apply(entry, action.get(), now);
                decided++;
            }
        }
        held = false;
        return decided;
    }

    /**
     * Records a poll and applies CIBA Core's slow-down rule to a pending request: a poll sooner than the interval
     * after the previous one is too soon, and the interval grows by 5 s for every later poll. True when too soon.
     */
    synchronized boolean poll(Entry entry, Instant now) {
        settle(entry, now);
        entry.polls.add(now);
        boolean tooSoon = entry.status == Status.PENDING && entry.lastPollAt != null
                && Duration.between(entry.lastPollAt, now).compareTo(Duration.ofSeconds(entry.interval)) < 0;
        int forced = forcedSlowDowns.getOrDefault(entry.user.subject(), 0);
        if (entry.status == Status.PENDING && forced > 0) {
            forcedSlowDowns.put(entry.user.subject(), forced - 1);
            tooSoon = true;
        }
        entry.lastPollAt = now;
        if (tooSoon) {
            // "If you consistently poll too frequently, the number of seconds you must wait increases"
            // (https://auth0.com/docs/api/authentication/login/check-back-channel-login-status); CIBA Core section 11:
            // by 5 s for this and every later poll.
            entry.interval += 5;
            if (forced > 0 && forcedRetryAfter.containsKey(entry.user.subject())) {
                entry.interval = Math.max(entry.interval, forcedRetryAfter.get(entry.user.subject()));
            }
            entry.slowDowns++;
        }
        return tooSoon;
    }

    synchronized void redeem(Entry entry) {
        entry.status = Status.REDEEMED;
    }

    private Entry settle(Entry entry, Instant now) {
        if (entry.status != Status.PENDING) {
            return entry;
        }
        if (entry.script != null && !held) {
            Instant due = entry.scriptFrom.plus(entry.script.after());
            if (!now.isBefore(due) && due.isBefore(entry.expiresAt)) {
                apply(entry, entry.script.action(), due);
            }
        }
        if (entry.status == Status.PENDING && !ignoreExpiry && !now.isBefore(entry.expiresAt)) {
            entry.status = Status.EXPIRED;
            entry.decidedAt = entry.expiresAt;
        }
        return entry;
    }

    private static void apply(Entry entry, Action action, Instant at) {
        switch (action) {
            case APPROVE -> entry.status = Status.APPROVED;
            case DENY -> entry.status = Status.DENIED;
            case EXPIRE -> entry.status = Status.EXPIRED;
            case NEVER -> {
                return;
            }
        }
        entry.decidedAt = at;
    }
}
