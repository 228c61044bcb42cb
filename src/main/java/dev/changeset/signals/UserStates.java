package dev.changeset.signals;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

import dev.changeset.policy.Policy;

/**
 * User-state signals: opt-in, escalation only, ephemeral. An assistive sidecar posts the person's stress and state;
 * a signal counts until its time-to-live ends and is then gone. Everything here lives in memory only (Caffeine,
 * bounded): it is never persisted, and logs name the subject, never the signal. Switched off (which takes the
 * person's approval, see {@link SignalSwitch}), the user-state rule ignores the person entirely and the live signal
 * is dropped. The switch is memory too: after a restart signals are on again, which can only add approvals, never
 * remove one. Whatever happens here later, a changeset keeps the tier it was previewed with.
 */
@ApplicationScoped
public class UserStates {

    private static final Logger LOG = Logger.getLogger(UserStates.class);

    /** The states a sidecar may report. Recorded and shown back; the rule reads only the stress. */
    public enum State {
        CALM, STRESSED, RUSHED, UNCERTAIN;

        /** The wire name ({@code calm}, ...). */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<State> parse(String wire) {
            for (State s : values()) {
                if (s.wireName().equals(wire)) {
                    return Optional.of(s);
                }
            }
            return Optional.empty();
        }
    }

    /** A live signal. */
    public record Signal(BigDecimal stress, State state, Instant receivedAt, Instant expiresAt) {
    }

    /** A signal was posted while the user has signals switched off: it is dropped, nothing is kept. */
    public static final class SignalsOffException extends RuntimeException {
        SignalsOffException() {
            super("User-state signals are switched off for you: the signal was dropped. Switch them on first.");
        }
    }

    private final Duration maxTtl;
    private final Cache<String, Signal> signals;
    private final Cache<String, Boolean> switchedOff;

    UserStates(Policy policy, SignalsConfig config) {
        this.maxTtl = policy.thresholds().signalTtl();
        this.signals = Caffeine.newBuilder()
                .maximumSize(config.maxUsers())
                .expireAfter(Expiry.creating((String subject, Signal s) -> Duration.between(s.receivedAt(),
                        s.expiresAt())))
                .build();
        this.switchedOff = Caffeine.newBuilder().maximumSize(config.maxUsers()).build();
    }

    /** The longest a signal may count. */
    public Duration maxTtl() {
        return maxTtl;
    }

    /**
     * Records {@code subject}'s signal, replacing any earlier one, for {@code ttl} capped at the configured
     * time-to-live.
     *
     * @throws SignalsOffException when the user switched signals off
     */
    public Signal post(String subject, BigDecimal stress, State state, Optional<Duration> ttl) {
        if (!enabled(subject)) {
            throw new SignalsOffException();
        }
        Duration lifetime = ttl.filter(t -> t.compareTo(maxTtl) < 0).orElse(maxTtl);
        Instant now = Instant.now();
        Signal signal = new Signal(stress, state, now, now.plus(lifetime));
        signals.put(subject, signal);
        LOG.debugf("user-state signal recorded for %s for %s", subject, lifetime);
        return signal;
    }

    /** Forgets {@code subject}'s signal now. */
    public void forget(String subject) {
        signals.invalidate(subject);
    }

    /** Switches {@code subject}'s signals on. */
    void switchOn(String subject) {
        switchedOff.invalidate(subject);
        LOG.debugf("user-state signals switched on for %s", subject);
    }

    /** Switches {@code subject}'s signals off and drops the live signal: only once the person approved it. */
    void switchOff(String subject) {
        switchedOff.put(subject, Boolean.TRUE);
        signals.invalidate(subject);
        LOG.infof("user-state signals switched off for %s (approved by them)", subject);
    }

    public boolean enabled(String subject) {
        return switchedOff.getIfPresent(subject) == null;
    }

    /** {@code subject}'s signal, if one was posted and has not expired. */
    public Optional<Signal> live(String subject) {
        Signal signal = signals.getIfPresent(subject);
        // Caffeine drops expired entries lazily; never let one through in between.
        return signal == null || !Instant.now().isBefore(signal.expiresAt()) ? Optional.empty() : Optional.of(signal);
    }

    /** The stress the policy takes for {@code subject}: the live signal's, when signals are on. */
    public Optional<BigDecimal> stress(String subject) {
        return enabled(subject) ? live(subject).map(Signal::stress) : Optional.empty();
    }
}
