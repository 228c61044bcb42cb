package dev.changeset.approval;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Counts decided approvals by outcome with how long the people took: {@code changeset.approvals{outcome}} as a
 * histogram from the first push to the decision (buckets up to the 300 s deadline). Fed by the poller's
 * {@link ApprovalOutcome}, which fires once per changeset whichever replica decided it.
 */
@ApplicationScoped
class ApprovalMeter {

    private static final Duration[] BUCKETS = { Duration.ofSeconds(5), Duration.ofSeconds(15), Duration.ofSeconds(30),
            Duration.ofSeconds(60), Duration.ofSeconds(120), Duration.ofSeconds(180), Duration.ofSeconds(300) };

    private final MeterRegistry meters;

    ApprovalMeter(MeterRegistry meters) {
        this.meters = meters;
    }

    void decided(@Observes ApprovalOutcome outcome) {
        Instant asked = outcome.requests().stream().map(ApprovalRequest::createdAt)
                .filter(java.util.Objects::nonNull).min(Instant::compareTo).orElse(Instant.now());
        Timer.builder("changeset.approvals")
                .description("Approvals decided, by outcome, from the first push to the decision")
                .tag("outcome", outcome.result().name().toLowerCase(Locale.ROOT))
                .serviceLevelObjectives(BUCKETS)
                .register(meters)
                .record(Duration.between(asked, Instant.now()));
    }
}
