package dev.changeset.approval;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.Lock;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.google.common.util.concurrent.Striped;

import dev.changeset.approval.ApprovalRequest.Purpose;
import dev.changeset.approval.ApprovalRequest.Role;
import dev.changeset.approval.ApprovalRequest.Status;
import dev.changeset.policy.Tier;

/**
 * Starts the approvals a changeset needs: one CIBA request to the requester naming the changeset's code, and for
 * four-eyes changes one to each configured second approver (the first of them to decide counts); and single
 * requests for the other things a person approves (a receipt mail, signals off), within their push limits. The
 * poller ({@link ApprovalPoller}) follows them all; nothing here waits.
 */
@ApplicationScoped
public class Approvals {

    private static final Logger LOG = Logger.getLogger(Approvals.class);

    /** What a changeset asks approval for. */
    public record Ask(String changesetId, String code, String requester, Tier maxTier, boolean fourEyes,
            List<ApprovalItem> items) {
    }

    /**
     * One request to one person for something other than a changeset (a receipt mail, signals off): {@code id} is
     * what the request's rows and outcome carry as their changeset id.
     */
    public record Single(Purpose purpose, String id, String requester, BindingMessage message,
            ApprovalDetails details) {
    }

    /** The requests sent: until when the approval may take, and who was asked. */
    public record Started(Instant deadline, String operationsHash, List<String> approvers) {
    }

    private final CibaClient ciba;
    private final ApprovalRequestStore store;
    private final ApprovalConfig config;
    private final PushLimitsConfig limits;
    private final ApprovalPoller poller;
    /** Counting a person's requests and sending the next one happen under that person's lock (in this process). */
    private final Striped<Lock> perApprover = Striped.lock(64);

    Approvals(CibaClient ciba, ApprovalRequestStore store, ApprovalConfig config, PushLimitsConfig limits,
            ApprovalPoller poller) {
        this.ciba = ciba;
        this.store = store;
        this.config = config;
        this.limits = limits;
        this.poller = poller;
    }

    /** The second approvers who could approve a four-eyes change by {@code requester} (never the requester). */
    public List<String> secondApproversFor(String requester) {
        return config.secondApprovers().orElse(List.of()).stream().filter(s -> !s.equals(requester)).toList();
    }

    /**
     * Sends the CIBA requests. Blocking (HTTP to Auth0): call it off the event loop. If the requester's request
     * fails nothing is pending; if a second approver's fails, the requests already sent are abandoned.
     */
    public Started start(Ask ask) throws CibaRequestFailed {
        List<String> seconds = ask.fourEyes() ? secondApproversFor(ask.requester()) : List.of();
        if (ask.fourEyes() && seconds.isEmpty()) {
            throw new IllegalStateException("a four-eyes change needs a second approver and none is configured");
        }
        int changes = ask.items().stream().map(ApprovalItem::sku).distinct().toList().size();
        BindingMessage message = BindingMessage.forChangeset(ask.code(), changes, ask.maxTier().name());
        ApprovalDetails details = ApprovalDetails.of(ask.changesetId(), ask.code(), message, ask.items());
        Instant deadline = Instant.now().plus(config.hardDeadline());
        List<String> asked = new ArrayList<>();
        try {
            send(ask.changesetId(), ask.requester(), Role.REQUESTER, Purpose.CHANGESET, message, details, deadline);
            asked.add(ask.requester());
            BindingMessage second = BindingMessage.forSecondApproval(ask.code(), changes, ask.maxTier().name());
            ApprovalDetails secondDetails = ApprovalDetails.of(ask.changesetId(), ask.code(), second, ask.items());
            for (String approver : seconds) {
                send(ask.changesetId(), approver, Role.SECOND_APPROVER, Purpose.CHANGESET, second, secondDetails,
                        deadline);
                asked.add(approver);
            }
        } catch (CibaRequestFailed | RuntimeException e) {
            if (!asked.isEmpty()) {
                store.abandonPending(ask.changesetId(), "another approval request of this changeset failed");
            }
            throw e;
        }
        poller.wake();
        return new Started(deadline, details.operationsHash(), List.copyOf(asked));
    }

    /**
     * Sends one request for something other than a changeset, within the person's push limits
     * ({@link PushLimitsConfig}). Blocking (HTTP to Auth0): call it off the event loop.
     *
     * @throws PushLimitReached when the person has as many such approvals pending, or sent in the window, as allowed
     */
    public Started startSingle(Single ask) throws CibaRequestFailed {
        Instant deadline = Instant.now().plus(config.hardDeadline());
        Lock lock = perApprover.get(ask.requester());
        lock.lock();
        try {
            checkLimits(ask.requester(), ask.purpose());
            send(ask.id(), ask.requester(), Role.REQUESTER, ask.purpose(), ask.message(), ask.details(), deadline);
        } finally {
            lock.unlock();
        }
        poller.wake();
        return new Started(deadline, ask.details().operationsHash(), List.of(ask.requester()));
    }

    /**
     * Across replicas two requests at the same instant may both pass (each replica counts under its own lock): the
     * bound may then be passed by one per extra replica, never more.
     */
    private void checkLimits(String approver, Purpose purpose) {
        checkLimits(approver, Optional.empty(), "you", purpose, limits.maxPending(), limits.maxPerWindow());
    }

    /**
     * The push limits for a changeset's approval. The requester's own asks ({@link Role#REQUESTER} rows) are bounded
     * by {@link PushLimitsConfig#changesetMaxPending()} and {@link PushLimitsConfig#changesetMaxPerWindow()}; what
     * waits on a phone from everyone together (own asks and second approvals), the requester's and, for a four-eyes
     * change, each second approver's, by {@link PushLimitsConfig#phoneMaxPending()} and
     * {@link PushLimitsConfig#phoneMaxPerWindow()}, which are larger: one requester cannot fill a shared second
     * approver's phone and block the others. Checked before the changeset is claimed: over a bound, no push is sent
     * and it stays previewed.
     *
     * @throws PushLimitReached when a bound is reached
     */
    public void checkChangesetLimits(String requester, boolean fourEyes) {
        checkLimits(requester, Optional.of(Role.REQUESTER), "you", Purpose.CHANGESET, limits.changesetMaxPending(),
                limits.changesetMaxPerWindow());
        checkLimits(requester, Optional.empty(), "you (your own and second approvals asked of you)",
                Purpose.CHANGESET, limits.phoneMaxPending(), limits.phoneMaxPerWindow());
        for (String second : fourEyes ? secondApproversFor(requester) : List.<String>of()) {
            checkLimits(second, Optional.empty(), "your second approver", Purpose.CHANGESET, limits.phoneMaxPending(),
                    limits.phoneMaxPerWindow());
        }
    }

    private void checkLimits(String approver, Optional<Role> role, String who, Purpose purpose, int maxPending,
            int maxPerWindow) {
        int pending = store.pending(approver, purpose, role);
        if (pending >= maxPending) {
            throw new PushLimitReached(pending + " " + purpose.plural() + " are already waiting on the phone of "
                    + who + " (at most " + maxPending + " at a time): approve or deny them in Auth0 Guardian, or let"
                    + " them expire, then ask again. No push was sent.");
        }
        Instant now = Instant.now();
        ApprovalRequestStore.Sent sent = store.sentSince(approver, purpose, role, now.minus(limits.window()));
        if (sent.count() >= maxPerWindow) {
            throw new PushLimitReached(sent.count() + " " + purpose.plural() + " were asked of " + who
                    + " in the last " + limits.window().toMinutes() + " minutes (at most " + maxPerWindow + "): no"
                    + " push was sent; ask again after "
                    + sent.first().plus(limits.window()).truncatedTo(ChronoUnit.SECONDS) + ".");
        }
    }

    /**
     * The tenant's limits, counted over the shared approval rows (every replica sees the same): past either, no
     * request is sent (Auth0 would refuse it with a 429 anyway). Across replicas two requests at the same instant may
     * both pass.
     */
    private void checkTenantLimits() throws CibaRequestFailed {
        int[] counts = store.tenantCounts(Instant.now().minusSeconds(60));
        ApprovalConfig.TenantLimits tenant = config.tenantLimits();
        if (counts[0] >= tenant.maxPending()) {
            throw new CibaRequestFailed(CibaRequestFailed.Reason.TOO_MANY_REQUESTS, null, "Auth0 takes no more"
                    + " approval requests for now, from anyone (a tenant limit: " + counts[0] + " are pending, at most "
                    + tenant.maxPending() + "); try again once some are answered", java.util.Optional.empty(), null);
        }
        if (counts[1] >= tenant.perMinute()) {
            throw new CibaRequestFailed(CibaRequestFailed.Reason.TOO_MANY_REQUESTS, null, "Auth0 takes no more"
                    + " approval requests for now, from anyone (a tenant limit: " + counts[1] + " were sent in the last"
                    + " minute, at most " + tenant.perMinute() + "); try again in a minute",
                    java.util.Optional.of(Duration.ofSeconds(60)), null);
        }
    }

    /** How long an approval may take from now, whatever Auth0 says. */
    public Duration deadline() {
        return config.hardDeadline();
    }

    /** The requests of a changeset, for get_changeset and receipts. */
    public List<ApprovalRequest> requests(String changesetId) {
        return store.forChangeset(changesetId);
    }

    /**
     * True when the changeset's approval covers exactly these operations: its requester approved, every approval
     * given was asked for {@code operationsHash}, and (four eyes) a second approver approved too. The Writer checks
     * this just before writing, so operations changed after the approval was asked for never run on it.
     */
    public boolean approvedFor(String changesetId, String operationsHash, boolean fourEyes) {
        List<ApprovalRequest> requests = store.forChangeset(changesetId);
        boolean requester = requests.stream().anyMatch(r -> r.role() == Role.REQUESTER
                && r.status() == Status.APPROVED);
        boolean secondApproved = requests.stream().anyMatch(r -> r.role() == Role.SECOND_APPROVER
                && r.status() == Status.APPROVED);
        // four eyes needs a second approver's approval row: a process that stopped between inserting the
        // requester's row and the second approver's must not leave one tap enough
        boolean seconds = secondApproved
                || (!fourEyes && requests.stream().noneMatch(r -> r.role() == Role.SECOND_APPROVER));
        boolean same = requests.stream().filter(r -> r.status() == Status.APPROVED)
                .allMatch(r -> r.operationsHash().equals(operationsHash));
        return requester && seconds && same;
    }

    /** Stops following a changeset's pending requests (it was cancelled or decided otherwise). */
    public void abandon(String changesetId, String why) {
        store.abandonPending(changesetId, why);
    }

    private void send(String id, String approver, Role role, Purpose purpose, BindingMessage message,
            ApprovalDetails details, Instant deadline) throws CibaRequestFailed {
        checkTenantLimits();
        CibaClient.Started started = ciba.start(new CibaClient.Request(approver, message, details));
        Instant now = Instant.now();
        // Auth0 answers access_denied once the request expires; a poll just after that is the last one needed.
        Instant lastPoll = started.expiresAt().plus(Duration.ofSeconds(20));
        store.insert(new ApprovalRequest(UUID.randomUUID().toString(), id, approver, role, Status.PENDING,
                started.authReqId().sha256(), details.operationsHash(), started.interval(),
                now.plus(started.interval()), started.expiresAt(), deadline.isBefore(lastPoll) ? deadline : lastPoll,
                0, now, null, null, purpose), started.authReqId());
        LOG.infof("approval requested for %s %s (role %s, request %s)", purpose, id, role,
                started.authReqId().sha256());
    }
}
