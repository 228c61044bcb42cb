package dev.changeset.approval;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.changeset.approval.ApprovalOutcome.Result;
import dev.changeset.approval.ApprovalRequest.Role;
import dev.changeset.approval.ApprovalRequest.Status;
import dev.changeset.approval.ApprovalRequestStore.Claimed;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;

/**
 * The one poller that serves every pending approval request, on every replica. It wakes when the earliest request
 * is due (at most every second, to see rows other replicas added), claims due rows, polls Auth0 for each on a
 * small bounded pool, and records what it heard: pending (next poll after {@code interval}), slow_down (5 s more
 * for the rest of that request), approved, denied, expired, invalid, or its own hard deadline. When a changeset's
 * requests are decided it fires an {@link ApprovalOutcome}. Waiting changesets hold no thread: they are rows.
 */
@ApplicationScoped
public class ApprovalPoller {

    private static final Logger LOG = Logger.getLogger(ApprovalPoller.class);
    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final Duration IDLE_RECHECK = Duration.ofSeconds(1);

    private final Vertx vertx;
    private final ApprovalRequestStore store;
    private final CibaClient ciba;
    private final ApprovalTokens tokens;
    private final Event<ApprovalOutcome> outcomes;
    private final String owner = "poller-" + UUID.randomUUID();
    private final AtomicInteger threads = new AtomicInteger();
    private final ThreadPoolExecutor polls;
    private final Duration stopWait;
    private final Duration redeliverAfter;
    private volatile long timer = -1;
    private volatile boolean stopped;
    private volatile Instant lastSweep = Instant.EPOCH;

    ApprovalPoller(Vertx vertx, ApprovalRequestStore store, CibaClient ciba, ApprovalTokens tokens,
            Event<ApprovalOutcome> outcomes, ApprovalConfig config) {
        this.vertx = vertx;
        this.store = store;
        this.ciba = ciba;
        this.tokens = tokens;
        this.outcomes = outcomes;
        int size = config.poll().threads();
        this.polls = new ThreadPoolExecutor(size, size, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                r -> new Thread(r, "approval-poll-" + threads.incrementAndGet()));
        this.stopWait = config.http().readTimeout().plusSeconds(2);
        this.redeliverAfter = config.poll().redeliverAfter();
    }

    void start(@Observes StartupEvent event) {
        wake();
    }

    /**
     * Stops polling while the database is still there: queued polls are dropped, polls in flight (each bounded by
     * the read timeout) finish and record what they heard, and the claims are given back. Pending rows stay
     * pending: another replica, or this one restarted, resumes them.
     */
    void stop(@Observes ShutdownEvent event) {
        stopped = true;
        vertx.cancelTimer(timer);
        polls.getQueue().clear();
        polls.shutdown();
        try {
            if (!polls.awaitTermination(stopWait.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warnf("approval polls still running after %d s at shutdown", stopWait.toSeconds());
            }
            store.releaseClaims(owner);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warnf("approval claims of %s not released at shutdown (they lapse in %d s): %s", owner,
                    LEASE.toSeconds(), e.toString());
        }
    }

    /** Look for due requests now (a request was just added). */
    void wake() {
        schedule(Duration.ZERO);
    }

    private synchronized void schedule(Duration in) {
        if (stopped) {
            return;
        }
        vertx.cancelTimer(timer);
        timer = vertx.setTimer(Math.max(1, in.toMillis()), id -> vertx.executeBlocking(this::tick, false)
                .onFailure(e -> {
                    LOG.warnf("approval poller tick failed: %s", e.toString());
                    schedule(IDLE_RECHECK);
                }));
    }

    private Void tick() {
        Instant now = Instant.now();
        List<Claimed> due = store.claimDue(owner, now, LEASE, 256);
        for (Claimed claimed : due) {
            polls.execute(() -> pollOne(claimed));
        }
        if (Duration.between(lastSweep, now).compareTo(redeliverAfter) >= 0) {
            lastSweep = now;
            for (String changesetId : store.undelivered(now.minus(redeliverAfter), 256)) {
                polls.execute(() -> redeliver(changesetId));
            }
        }
        Duration next = store.nextDue().map(t -> Duration.between(Instant.now(), t)).orElse(IDLE_RECHECK);
        schedule(next.compareTo(IDLE_RECHECK) > 0 ? IDLE_RECHECK : next.isNegative() ? Duration.ofMillis(20) : next);
        return null;
    }

    private void pollOne(Claimed claimed) {
        ApprovalRequest r = claimed.request();
        if (stopped) {
            return;
        }
        try {
            if (Instant.now().isAfter(r.deadline())) {
                decide(r, Status.EXPIRED, "no answer before the approval's deadline");
                return;
            }
            PollOutcome outcome = ciba.poll(claimed.authReqId());
            if (outcome instanceof PollOutcome.Approved a) {
                approved(r, a);
            } else if (outcome instanceof PollOutcome.Denied && !Instant.now().isBefore(r.expiresAt())) {
                // Auth0 answers access_denied both to a Deny and to a request that expired unanswered; past the
                // request's expiry it is read as the expiry (nothing runs either way).
                decide(r, Status.EXPIRED, "the request expired at Auth0 unanswered (access_denied after its expiry)");
            } else if (outcome instanceof PollOutcome.Denied) {
                decide(r, Status.DENIED, r.approver() + " denied it");
            } else if (outcome instanceof PollOutcome.Expired) {
                decide(r, Status.EXPIRED, "the request expired at Auth0");
            } else if (outcome instanceof PollOutcome.Invalid) {
                decide(r, Status.INVALID, "Auth0 no longer knows the request");
            } else if (outcome instanceof PollOutcome.SlowDown s) {
                Duration interval = s.nextInterval(r.interval());
                store.reschedule(r.id(), interval, Instant.now().plus(interval));
            } else if (outcome instanceof PollOutcome.Unavailable u) {
                Duration wait = u.nextPollIn(r.interval());
                LOG.warnf("polling approval request %s: Auth0 unavailable (%s); polling again in %d s",
                        r.authReqIdHash(), u.reason(), wait.toSeconds());
                store.reschedule(r.id(), r.interval(), Instant.now().plus(wait));
            } else {
                store.reschedule(r.id(), r.interval(), Instant.now().plus(r.interval()));
            }
        } catch (RuntimeException e) {
            LOG.errorf("polling approval request %s failed: %s", r.authReqIdHash(), e.toString());
            store.reschedule(r.id(), r.interval(), Instant.now().plus(r.interval()));
        }
    }

    private void approved(ApprovalRequest r, PollOutcome.Approved a) {
        String echoed = a.echoedOperationsHash().orElse(r.operationsHash());
        if (!echoed.equals(r.operationsHash())) {
            LOG.warnf("approval request %s of changeset %s came back for operations %s, not %s: refused",
                    r.authReqIdHash(), r.changesetId(), echoed, r.operationsHash());
            decide(r, Status.REFUSED, r.approver() + " approved other operations than this changeset's ("
                    + echoed + "): the approval does not cover it");
            return;
        }
        if (r.role() == Role.REQUESTER) {
            tokens.hold(r.changesetId(), a.accessToken(), a.expiresIn());
        }
        String channel = a.channel().orElse(null);
        decide(r, Status.APPROVED, r.approver() + " approved it" + (channel == null ? ""
                : ApprovalRequest.EMAIL.equals(channel) ? " by email" : " by Guardian push"), channel);
    }

    private void decide(ApprovalRequest r, Status status, String detail) {
        decide(r, status, detail, null);
    }

    private void decide(ApprovalRequest r, Status status, String detail, String channel) {
        if (store.decide(r.id(), status, detail, channel)) {
            LOG.infof("approval request %s of changeset %s: %s", r.authReqIdHash(), r.changesetId(), status);
            evaluate(r.changesetId());
        }
    }

    /**
     * Turns the requests of a changeset into its outcome, once they say enough, and hands it to the pipeline; only
     * then is it marked delivered (a process stopping in between leaves it to the sweep). False while undecided.
     */
    private boolean evaluate(String changesetId) {
        List<ApprovalRequest> requests = store.forChangeset(changesetId);
        Result result = ApprovalRule.outcome(requests);
        if (result == null) {
            return false;
        }
        store.abandonPending(changesetId, "the changeset's approval was decided: " + result);
        outcomes.fire(new ApprovalOutcome(changesetId, result, ApprovalRule.describe(result, requests),
                store.forChangeset(changesetId)));
        store.delivered(changesetId);
        return true;
    }

    /** An outcome decided earlier that never reached the pipeline (the pipeline ignores it if already moved on). */
    private void redeliver(String changesetId) {
        if (stopped) {
            return;
        }
        try {
            LOG.infof("delivering the approval outcome of changeset %s again", changesetId);
            if (!evaluate(changesetId)) {
                store.delivered(changesetId); // nothing pending and nothing decided: nothing will ever come
            }
        } catch (RuntimeException e) {
            LOG.errorf("delivering the approval outcome of changeset %s failed: %s", changesetId, e.toString());
        }
    }
}
