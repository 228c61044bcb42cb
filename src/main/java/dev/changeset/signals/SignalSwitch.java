package dev.changeset.signals;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import dev.changeset.approval.ApprovalDetails;
import dev.changeset.approval.ApprovalOutcome;
import dev.changeset.approval.ApprovalRequest.Purpose;
import dev.changeset.approval.ApprovalTokens;
import dev.changeset.approval.Approvals;
import dev.changeset.approval.BindingMessage;
import dev.changeset.approval.CibaRequestFailed;

/**
 * The person's switch. On is more protection and happens at once. Off is less, so it is the person's own act: the
 * request sends a push to their phone ("Turn user-state signals off: fewer approvals") and signals go off only when
 * they approve it there; a denial or an expiry leaves them on. One request waits at a time per person (asking again
 * resumes it), and the approval package's push limits bound them. Switching on while a request waits abandons it.
 */
@ApplicationScoped
class SignalSwitch {

    private static final Logger LOG = Logger.getLogger(SignalSwitch.class);

    /** A request to switch off that waits for the person's tap. */
    record Pending(String requestId, String bindingMessage, Instant deadline) {
    }

    private final UserStates states;
    private final Approvals approvals;
    private final ApprovalTokens tokens;
    private final Cache<String, Pending> pending;

    SignalSwitch(UserStates states, Approvals approvals, ApprovalTokens tokens, SignalsConfig config) {
        this.states = states;
        this.approvals = approvals;
        this.tokens = tokens;
        this.pending = Caffeine.newBuilder().maximumSize(config.maxUsers())
                .expireAfterWrite(approvals.deadline()).build();
    }

    void on(String subject) {
        Pending waiting = pending.asMap().remove(subject);
        if (waiting != null) {
            approvals.abandon(waiting.requestId(), "the person switched user-state signals on");
        }
        states.switchOn(subject);
    }

    /** Asks the person to approve switching off (or resumes the request that waits); empty when already off. */
    Optional<Pending> requestOff(String subject) throws CibaRequestFailed {
        if (!states.enabled(subject)) {
            return Optional.empty();
        }
        Pending waiting = pending.getIfPresent(subject);
        if (waiting != null) {
            return Optional.of(waiting);
        }
        String id = "signals-" + UUID.randomUUID().toString().replace("-", "");
        BindingMessage message = BindingMessage.forSignalsOff();
        Approvals.Started started = approvals.startSingle(new Approvals.Single(Purpose.SIGNALS_OFF, id, subject,
                message, ApprovalDetails.forSignalsOff(id, message)));
        Pending asked = new Pending(id, message.text(), started.deadline());
        pending.put(subject, asked);
        return Optional.of(asked);
    }

    Optional<Pending> pendingOff(String subject) {
        return Optional.ofNullable(pending.getIfPresent(subject));
    }

    /** The person answered on the phone: approved, signals go off; anything else leaves them on. */
    void onApproval(@Observes ApprovalOutcome outcome) {
        if (!outcome.isFor(Purpose.SIGNALS_OFF)) {
            return;
        }
        tokens.take(outcome.changesetId()); // switching needs no Google access: the token is dropped at once
        String subject = outcome.requests().get(0).approver();
        Pending waiting = pending.getIfPresent(subject);
        if (waiting == null || !waiting.requestId().equals(outcome.changesetId())) {
            return; // abandoned (switched on meanwhile) or not this process's request
        }
        pending.invalidate(subject);
        String hash = ApprovalDetails.forSignalsOff(waiting.requestId(), BindingMessage.forSignalsOff())
                .operationsHash();
        if (outcome.result() == ApprovalOutcome.Result.APPROVED
                && approvals.approvedFor(waiting.requestId(), hash, false)) {
            states.switchOff(subject);
        } else {
            LOG.infof("user-state signals stay on for %s: the switch-off was %s", subject, outcome.result());
        }
    }
}
