package dev.changeset.pipeline;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.changeset.approval.ApprovalOutcome;
import dev.changeset.approval.ApprovalRequest;
import dev.changeset.approval.ApprovalTokens;
import dev.changeset.approval.Approvals;
import dev.changeset.approval.CibaRequestFailed;
import dev.changeset.audit.Receipt;
import dev.changeset.catalog.CatalogException;
import dev.changeset.catalog.CatalogReader;
import dev.changeset.catalog.CatalogWriter;
import dev.changeset.catalog.CellRange;
import dev.changeset.catalog.ProductSheet;
import dev.changeset.identity.Caller;
import dev.changeset.identity.McpScope;
import dev.changeset.policy.Policy;
import dev.changeset.policy.PolicyDecision;
import dev.changeset.vault.Delegation;

/**
 * The trust pipeline, in order, in one place. Preview: check the proposal, read the rows of its SKUs as the Reader
 * (one batchGet through the SKU index, whatever the catalog's size), decide
 * tiers with the policy, store the changeset. Apply: ask for the approval it needs (or none), then, once approved,
 * guard, write as the Writer, read back as the Reader, seal a receipt, and mail it as the Notifier. Each step is
 * one line here; the details live in the classes each line calls. Blocking: call it off the event loop.
 */
@ApplicationScoped
public class ChangesetPipeline {

    private static final Logger LOG = Logger.getLogger(ChangesetPipeline.class);

    private final OperationRules rules;
    private final CatalogReader reader;
    private final CatalogWriter writer;
    private final Policy policy;
    private final PolicyFacts facts;
    private final Approvals approvals;
    private final ApprovalTokens approvalTokens;
    private final ChangesetStore store;
    private final ChangesetOutcomes outcomes;
    private final CatalogWriteLock writeLock;
    private final PipelineConfig config;
    private final Steps steps;
    private final Reverts reverts;

    ChangesetPipeline(OperationRules rules, CatalogReader reader, CatalogWriter writer, Policy policy,
            PolicyFacts facts, Approvals approvals, ApprovalTokens approvalTokens, ChangesetStore store,
            ChangesetOutcomes outcomes, CatalogWriteLock writeLock, PipelineConfig config, Steps steps,
            Reverts reverts) {
        this.rules = rules;
        this.reader = reader;
        this.writer = writer;
        this.policy = policy;
        this.facts = facts;
        this.approvals = approvals;
        this.approvalTokens = approvalTokens;
        this.store = store;
        this.outcomes = outcomes;
        this.writeLock = writeLock;
        this.config = config;
        this.steps = steps;
        this.reverts = reverts;
    }

    /** Preview: writes nothing to the sheet; stores the changeset as PREVIEWED. Each step is a trace span. */
    public Changeset preview(Caller caller, Optional<String> mcpSessionId, List<OperationInput> proposal, String note) {
        refuseOverOpenPreviews(caller);
        return UserActionable.translated(() -> {
            String id = ChangesetStore.newId();
            try (Steps.Run run = steps.start("preview", id)) {
                List<Operation> operations = run.step("check", () -> rules.check(proposal));        // 0 the proposal
                String keptNote = Notes.check(note, config.maxNoteLength());
                ProductSheet sheet = run.step("read", () -> reader.productsBySku(Delegation.of(caller),
                        operations.stream().map(Operation::sku).toList()));                           // 2 Reader
                List<OperationPlanner.Resolved> resolved = run.step("plan",
                        () -> OperationPlanner.plan(operations, sheet));
                return decideAndStore(run, id, caller, mcpSessionId, resolved, sheet, keptNote, null); // 3, 4, store
            }
        });
    }

    /**
     * Preview of a revert: from a sealed receipt of the caller's, a changeset setting every cell it wrote back to its
     * value before, tiered by the policy like any change, stored holding that receipt. Cells changed since then: it
     * ends STALE at once, nothing written. Applied with {@link #apply}, as any changeset.
     */
    public Changeset previewRevert(Caller caller, Optional<String> mcpSessionId, Reverts.Target target, String note) {
        refuseOverOpenPreviews(caller);
        return UserActionable.translated(() -> revert(caller, mcpSessionId, target, note));
    }

    private Changeset revert(Caller caller, Optional<String> mcpSessionId, Reverts.Target target, String note) {
        String id = ChangesetStore.newId();
        try (Steps.Run run = steps.start("preview-revert", id)) {
            Receipt reverted = run.step("check", () -> reverts.target(caller, target));       // 0 the sealed receipt
            String keptNote = Notes.check(note, config.maxNoteLength());
            ProductSheet sheet = run.step("read", () -> reader.productsBySku(Delegation.of(caller),
                    reverted.operations().stream().map(Receipt.Operation::sku).toList()));             // 2 Reader
            RevertPlanner.Plan plan = run.step("plan", () -> RevertPlanner.plan(reverted, sheet));
            Changeset c = decideAndStore(run, id, caller, mcpSessionId, plan.resolved(), sheet, keptNote,
                    reverted.receiptId());                                                          // 3, 4, store
            return plan.stale().isEmpty() ? c : outcomes.end(c, ChangesetState.STALE, "the sheet changed since "
                    + reverted.changesetCode() + " wrote it, nothing was written: " + String.join("; ", plan.stale())
                    + ". Read the catalog and decide by hand.");
        } catch (RevertTaken e) {
            throw new ChangesetConflictException(Reverts.heldBy(e.holder())); // another revert was stored first
        }
    }

    /**
     * A user holds at most {@code changeset.pipeline.max-open-previews} applicable previews (door review F7, issue
     * 14: previews need only changeset:read and were kept for ever). Checked before anything is read or stored.
     */
    private void refuseOverOpenPreviews(Caller caller) {
        ChangesetStore.OpenPreviews open = store.openPreviews(caller.subject(), Instant.now());
        if (open.count() >= config.maxOpenPreviews()) {
            throw new InvalidChangesetException(List.of("you have " + open.count() + " open previews, the most one"
                    + " person may hold (changeset.pipeline.max-open-previews): nothing was stored. Apply or cancel"
                    + " one, or preview again after " + open.nextExpiry() + ", when the oldest expires"));
        }
    }

    /** 3 the policy's tiers, 4 the approval they need, then the changeset stored PREVIEWED (in {@code run}). */
    private Changeset decideAndStore(Steps.Run run, String id, Caller caller, Optional<String> mcpSessionId,
            List<OperationPlanner.Resolved> resolved, ProductSheet sheet, String note, String revertsReceiptId) {
        PolicyDecision decision = run.step("policy",
                () -> policy.evaluate(facts.request(caller, mcpSessionId, resolved)));               // 3 Policy
        ApprovalNeed need = ApprovalNeed.forTier(decision.maxTier());                              // 4 what approval
        if (need == ApprovalNeed.FOUR_EYES && approvals.secondApproversFor(caller.subject()).isEmpty()) {
            throw new InvalidChangesetException(List.of("this changeset is T3 (" + Plans.t3Reasons(resolved,
                    decision) + ") and needs a second approver, but none is configured for you: nothing was"
                    + " stored; ask an administrator to set changeset.approval.second-approvers, or split the"
                    + " change"));
        }
        List<PlannedOperation> planned = Plans.of(resolved, decision);
        return run.step("store", () -> store.insert(id, new ChangesetStore.NewChangeset(
                caller.subject(), caller.clientId().orElse(null), caller.email().orElse(null), note,
                decision.maxTier(), need, Plans.operationsHash(planned), sheet.tokenExchangeId(), planned,
                Instant.now().plus(config.previewValidity()), revertsReceiptId)));
    }

    /**
     * Apply: starts the approval a previewed changeset needs (one push, never a second), or runs it at once when it
     * needs none; an approved changeset whose approval token this process no longer holds runs with the caller's.
     * Returns where the changeset stands; waiting is the caller's business (see ChangesetWatch).
     */
    public Changeset apply(Caller caller, String idOrCode) {
        return UserActionable.translated(() -> apply(owned(caller, idOrCode), caller));
    }

    private Changeset apply(Changeset c, Caller caller) {
        if (c.state() == ChangesetState.PREVIEWED && Instant.now().isAfter(c.previewExpiresAt())) {
            return outcomes.end(c, ChangesetState.EXPIRED, "the preview is older than "
                    + config.previewValidity().toMinutes() + " minutes: preview again");
        }
        if (c.state() == ChangesetState.PREVIEWED && c.approval() == ApprovalNeed.NONE) {
            return outcomes.moved(c, ChangesetState.APPROVED, null, null)
                    .map(approved -> execute(approved, new Authority(Delegation.of(caller), Authority.CALLER)))
                    .orElseGet(() -> reload(c));
        }
        if (c.state() == ChangesetState.PREVIEWED) {
            return askApproval(c);                                                             // 4 Approval
        }
        if (c.state() == ChangesetState.APPROVED && !approvalTokens.holds(c.id()) && config.callerTokenFallback()) {
            return execute(c, new Authority(Delegation.of(caller), Authority.CALLER));
        }
        if (Reconciliation.orphaned(c, config.executionLease())) {
            return reconcile(c, new Authority(Delegation.of(caller), Authority.CALLER), caller.holds(McpScope.WRITE));
        }
        return outcomes.sealLate(c, config.executionLease(), callerTrail(caller));
    }

    /** Cancels a changeset that has not started executing; a later approval then runs nothing. */
    public Changeset cancel(Caller caller, String idOrCode) {
        return UserActionable.translated(() -> cancel(owned(caller, idOrCode), caller));
    }

    private Changeset cancel(Changeset c, Caller caller) {
        if (c.state().isTerminal() || c.state().isExecutionStarted()) {
            throw new ChangesetConflictException("changeset " + c.code() + " is " + c.state()
                    + " and can no longer be cancelled");
        }
        Changeset cancelled = outcomes.end(c, ChangesetState.CANCELLED, "cancelled by " + caller.subject());
        if (cancelled.state() != ChangesetState.CANCELLED) {
            throw new ChangesetConflictException("changeset " + c.code() + " moved to " + cancelled.state()
                    + " before it could be cancelled");
        }
        approvals.abandon(c.id(), "the changeset was cancelled");
        approvalTokens.take(c.id());
        return cancelled;
    }

    /**
     * Where a changeset stands. One left EXECUTING by a stopped process is looked at from the sheet: written (seal)
     * or mixed (FAILED) is decided here, as neither writes; one the sheet shows unwritten stays EXECUTING, since a
     * read never writes: the owner's apply_changeset (changeset:write) finishes it (docs/architecture.md, "States").
     */
    public Changeset get(Caller caller, String idOrCode) {
        return UserActionable.translated(() -> {
            Changeset c = outcomes.sealLate(owned(caller, idOrCode), config.executionLease(), callerTrail(caller));
            return Reconciliation.orphaned(c, config.executionLease())
                    ? reconcile(c, new Authority(Delegation.of(caller), Authority.CALLER), false) : c;
        });
    }

    /** The poller decided an approval: approved changesets run (with the approval's own token when held here). */
    void onApproval(@Observes ApprovalOutcome outcome) {
        if (!outcome.isFor(ApprovalRequest.Purpose.CHANGESET)) {
            return; // a receipt mail's or a signals switch's: their own flows take it
        }
        Optional<Changeset> found = store.find(outcome.changesetId());
        if (found.isEmpty() || found.get().state() != ChangesetState.AWAITING_APPROVAL) {
            approvalTokens.take(outcome.changesetId()); // cancelled or already decided: the token is not needed
            return;
        }
        Changeset c = found.get();
        switch (outcome.result()) {
            case DENIED -> outcomes.end(c, ChangesetState.DENIED, outcome.detail());
            case EXPIRED -> outcomes.end(c, ChangesetState.EXPIRED, outcome.detail());
            case REFUSED -> outcomes.end(c, ChangesetState.FAILED, outcome.detail());
            // the approval's token stays held while the execution is queued, so the owner's apply waits for it
            // instead of running it with the caller's token
            case APPROVED -> outcomes.moved(c, ChangesetState.APPROVED, outcome.detail(), null).ifPresent(approved ->
                    writeLock.enqueue(() -> approvalTokens.take(c.id()).ifPresent(token -> execute(approved,
                            new Authority(new Delegation(c.subject(), token, Optional.empty()), Authority.APPROVAL)))));
        }
    }

    /**
     * Steps 5 to 8 for an APPROVED changeset. Exactly one caller wins the move to EXECUTING; the catalog write lock
     * then keeps every other execution out from the guard read to the end of the read-back. Traced as one run.
     */
    Changeset execute(Changeset approved, Authority authority) {
        try (Steps.Run run = steps.start("execute", approved.id())) {
            return executeSteps(approved, authority);
        }
    }

    private Changeset executeSteps(Changeset approved, Authority authority) {
        Optional<Changeset> claimed = outcomes.moved(approved, ChangesetState.EXECUTING, null, null);
        if (claimed.isEmpty()) {
            return reload(approved);
        }
        Changeset c = claimed.get();
        Trail trail = new Trail(authority);
        try (CatalogWriteLock.Held held = writeLock.acquire(c.id())) {                        // one writer at a time
            return guardWriteAndVerify(c, authority, trail);
        } catch (CatalogWriteLock.Busy e) {
            return outcomes.end(c, ChangesetState.FAILED, e.getMessage() + ". Preview again.", trail);
        } catch (RuntimeException e) {
            LOG.errorf("changeset %s failed while executing: %s", c.id(), e.toString());
            return outcomes.failedUnexpectedly(c, e, trail);
        }
    }

    /** 5 guard: every target and SKU cell as previewed, else STALE and nothing written; then write and verify. */
    private Changeset guardWriteAndVerify(Changeset c, Authority authority, Trail trail) {
        String hash = Plans.operationsHash(c.operations());
        if (!hash.equals(c.operationsHash())
                || (c.approval() != ApprovalNeed.NONE
                        && !approvals.approvedFor(c.id(), hash, c.approval() == ApprovalNeed.FOUR_EYES))) {
            return outcomes.end(c, ChangesetState.FAILED, "the operations differ from the ones that were"
                    + " previewed and approved" + (c.approval() == ApprovalNeed.FOUR_EYES ? ", or not both approvers"
                    + " approved exactly these operations" : "") + ": nothing was written", trail);
        }
        List<CellRange> current = steps.step("guard", c.id(), () -> trail.writer(used -> writer.read(
                authority.delegation(), WriteGuard.guardedRanges(c), used), "values.batchGet"));  // 5 guard
        List<String> stale = WriteGuard.stale(c, current);
        if (!stale.isEmpty()) {
            return outcomes.end(c, ChangesetState.STALE, "the sheet changed since the preview, nothing was"
                    + " written: " + String.join("; ", stale) + ". Preview again.", trail);
        }
        return writeAndVerify(c, authority, trail);                                            // 5 write, 6 verify
    }

    /** 5 write: one RAW batch; 6 verify: the Reader reads every cell back; sealed (7, 8) only if all are as written. */
    private Changeset writeAndVerify(Changeset c, Authority authority, Trail trail) {
        Optional<CatalogException> writeFailure = write(c, authority, trail);
        pauseAfterWrite();
        return verify(c, authority, writeFailure, trail);
    }

    /** The read-back decides, whatever the write answered (a write is never repeated to find out). */
    private Changeset verify(Changeset c, Authority authority, Optional<CatalogException> writeFailure, Trail trail) {
        List<CellRange> back;
        try {
            back = readBack(c, authority, trail);                                              // 6 verify
            boolean unanswered = writeFailure.map(CatalogException::kind)
                    .filter(CatalogException.Kind.WRITE_OUTCOME_UNKNOWN::equals).isPresent();
            if (unanswered && !WriteGuard.mismatches(c, back).isEmpty() && WriteGuard.untouched(c, back)) {
                // No answer came (timeout, dropped, 5xx): the write may still be landing. Read once more after it had
                // time to, before any receipt says that nothing was written.
                if (!pause(config.unknownWriteSettle())) { // stopping: leave it EXECUTING for the sheet to decide
                    throw new IllegalStateException("interrupted before the settle read-back");
                }
                back = readBack(c, authority, trail);
            }
        } catch (RuntimeException e) {
            return outcomes.unverified(c, writeFailure, e, trail, config.executionLease());
        }
        List<WriteGuard.Mismatch> wrong = WriteGuard.mismatches(c, back);
        return wrong.isEmpty() ? outcomes.seal(c, trail) : outcomes.failedWrite(c,
                writeFailure.map(CatalogException::getMessage), wrong, WriteGuard.untouched(c, back), trail);
    }

    private List<CellRange> readBack(Changeset c, Authority authority, Trail trail) {
        return steps.step("verify", c.id(), () -> trail.reader(used -> reader.cells(authority.delegation(),
                WriteGuard.targetRanges(c), used), "values.batchGet"));
    }

    /**
     * A changeset whose executing process stopped: the sheet decides, never a blind second write. Under the write
     * lock, so a live execution (a lease too short) finishes its story first.
     */
    private Changeset reconcile(Changeset orphan, Authority authority, boolean mayWrite) {
        Trail trail = new Trail(authority);
        Optional<List<CellRange>> looked = Optional.empty();
        if (!mayWrite) { // a read: look first, and claim nothing unless the sheet decides it without a write
            List<CellRange> cells = Reconciliation.read(writer, orphan, authority, trail);
            if (Reconciliation.inspect(orphan, cells) == Reconciliation.Finding.NOT_WRITTEN) {
                return Reconciliation.interrupted(orphan); // nothing claimed or stored: the lease keeps running
            }
            looked = Optional.of(cells);
        }
        Optional<Changeset> claimed = store.claim(orphan.id(), orphan.version());
        if (claimed.isEmpty()) {
            return reload(orphan); // someone else is reconciling it
        }
        try (CatalogWriteLock.Held held = writeLock.acquire(orphan.id())) {
            Changeset c = reload(orphan);
            if (c.state() != ChangesetState.EXECUTING || c.version() != claimed.get().version()) {
                return c; // its execution ended, or another call claimed it, while we waited for the lock
            }
            // A look taken before the lock still holds: a live execution would have ended or kept the lock from us.
            List<CellRange> guarded = looked.isPresent() ? looked.get()
                    : Reconciliation.read(writer, c, authority, trail);
            Reconciliation.Finding finding = Reconciliation.inspect(c, guarded);
            LOG.infof("changeset %s (%s) was left EXECUTING; the sheet says %s", c.id(), c.code(), finding);
            if (finding == Reconciliation.Finding.WRITTEN) {
                return verify(c, authority, Optional.empty(), trail); // written before the stop: never again
            }
            if (finding == Reconciliation.Finding.NOT_WRITTEN
                    && Reconciliation.approvalStillValid(c, approvals.requests(c.id()), config.approvalValidity())) {
                return guardWriteAndVerify(c, authority, trail); // the guard reads again: still as previewed
            }
            return finding == Reconciliation.Finding.NOT_WRITTEN ? outcomes.end(c, ChangesetState.FAILED,
                    "the executing process stopped before writing and the approval is too old to write now:"
                            + " nothing was written; preview again", trail)
                    : outcomes.failedPartlyWritten(c, "the executing process stopped and the sheet holds neither all"
                            + " previewed nor all new values: " + String.join("; ", WriteGuard.stale(c, guarded)),
                            trail);
        } catch (CatalogWriteLock.Busy e) {
            return reload(orphan); // a live execution holds the catalog; the next call looks again
        }
    }

    private void pauseAfterWrite() {
        if (!config.pauseAfterWrite().isZero()) {
            LOG.warnf("test hook changeset.pipeline.pause-after-write: holding %s between write and read-back",
                    config.pauseAfterWrite());
        }
        pause(config.pauseAfterWrite());
    }

    /** False when interrupted (the process is stopping) before the whole pause. */
    private static boolean pause(Duration duration) {
        if (!duration.isZero()) {
            try {
                Thread.sleep(duration.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** The write; a lost or refused answer is not final: the read-back that follows decides what happened. */
    private Optional<CatalogException> write(Changeset c, Authority authority, Trail trail) {
        try {
            steps.step("write", c.id(), () -> trail.writer(used -> writer.writeRaw(authority.delegation(),
                    WriteGuard.writes(c), used), Trail.WRITE));                                    // 5 write
            return Optional.empty();
        } catch (CatalogException e) {
            LOG.warnf("changeset %s: the write did not answer cleanly (%s); reading back to decide", c.id(),
                    e.kind());
            return Optional.of(e);
        }
    }

    private Changeset askApproval(Changeset c) {
        approvals.checkChangesetLimits(c.subject(), c.approval() == ApprovalNeed.FOUR_EYES); // over: no push, PREVIEWED
        Optional<Changeset> claimed = outcomes.moved(c, ChangesetState.AWAITING_APPROVAL, null,
                Instant.now().plus(approvals.deadline()));
        if (claimed.isEmpty()) {
            return reload(c); // another call started it: resume, never a second push
        }
        try {
            approvals.start(new Approvals.Ask(c.id(), c.code(), c.subject(), c.maxTier(),
                    c.approval() == ApprovalNeed.FOUR_EYES, Plans.approvalItems(c.operations())));
            return reload(c);
        } catch (CibaRequestFailed | RuntimeException e) {
            return outcomes.end(claimed.get(), ChangesetState.FAILED, "the approval request could not be sent: "
                    + e.getMessage());
        }
    }

    private static Trail callerTrail(Caller caller) {
        return new Trail(new Authority(Delegation.of(caller), Authority.CALLER));
    }

    private Changeset owned(Caller caller, String idOrCode) {
        return store.find(idOrCode == null ? "" : idOrCode.trim())
                .filter(c -> c.subject().equals(caller.subject()))
                .orElseThrow(() -> new ChangesetNotFoundException(idOrCode));
    }

    private Changeset reload(Changeset c) {
        return store.find(c.id()).orElseThrow(() -> new ChangesetNotFoundException(c.id()));
    }
}
