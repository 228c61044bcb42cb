package dev.changeset.approval;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.runtime.StartupEvent;

/**
 * Refuses to start with approval settings Auth0 would not honour or that would let a wait outlive its approval:
 * better no server than a gate that silently asks for email approval or never ends.
 */
@ApplicationScoped
public class ApprovalConfigCheck {

    /** Above this Auth0 sends an email instead of the Guardian push. */
    static final Duration MAX_PUSH_EXPIRY = Duration.ofSeconds(300);
    /**
     * The longest a tool call may wait: Claude Desktop cuts remote tool calls at 4 minutes, so a call must have
     * answered (AWAITING_APPROVAL at worst) 10 s before that.
     */
    /**
     * The longest an approval wait may last, in seconds: Claude Desktop ends remote tool calls at 4 minutes
     * (docs/ciba-clocks-and-channels.md). Tools state it in their argument descriptions.
     */
    public static final int MAX_WAIT_SECONDS = 230;
    static final Duration MAX_WAIT = Duration.ofSeconds(MAX_WAIT_SECONDS);

    void check(@Observes StartupEvent event, ApprovalConfig config) {
        List<String> problems = problems(config);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("changeset.approval is misconfigured: " + String.join("; ", problems));
        }
    }

    /** Every problem with these settings, in words a person can act on; empty when they are sound. */
    static List<String> problems(ApprovalConfig config) {
        List<String> problems = new ArrayList<>();
        if (config.clientId().isBlank()) {
            problems.add("client-id is empty: set it to the Auth0 application allowed to use CIBA");
        }
        if (config.clientSecret().isBlank()) {
            problems.add("client-secret is empty");
        }
        Duration expiry = config.requestedExpiry();
        if (expiry.toSeconds() < 1 || expiry.compareTo(MAX_PUSH_EXPIRY) > 0) {
            problems.add("requested-expiry is " + expiry.toSeconds()
                    + " s: it must be between 1 and 300 s (above 300 s Auth0 sends an email, not a Guardian push)");
        }
        if (Arrays.stream(config.scope().trim().split("\\s+")).noneMatch("openid"::equals)) {
            problems.add("scope '" + config.scope() + "' must contain openid (Auth0 requires it for CIBA)");
        }
        if (config.hardDeadline().compareTo(expiry) < 0) {
            problems.add("hard-deadline (" + config.hardDeadline().toSeconds()
                    + " s) is shorter than requested-expiry (" + expiry.toSeconds() + " s)");
        }
        if (config.defaultWait().isNegative() || config.defaultWait().compareTo(config.maxWait()) > 0) {
            problems.add("default-wait (" + config.defaultWait().toSeconds() + " s) must be between 0 and max-wait ("
                    + config.maxWait().toSeconds() + " s)");
        }
        if (config.maxWait().compareTo(MAX_WAIT) > 0) {
            problems.add("max-wait is " + config.maxWait().toSeconds() + " s: it must be at most "
                    + MAX_WAIT.toSeconds() + " s (Claude Desktop cuts remote tool calls at 4 minutes)");
        }
        if (config.maxWait().compareTo(config.hardDeadline()) > 0) {
            problems.add("max-wait (" + config.maxWait().toSeconds() + " s) is longer than hard-deadline ("
                    + config.hardDeadline().toSeconds() + " s)");
        }
        if (config.poll().defaultInterval().toMillis() < 1 || config.poll().slowDownStep().isNegative()) {
            problems.add("poll.default-interval must be positive and poll.slow-down-step not negative");
        }
        if (config.tenantLimits().perMinute() < 1 || config.tenantLimits().maxPending() < 1) {
            problems.add("tenant-limits.per-minute and tenant-limits.max-pending must be at least 1");
        }
        if (config.http().connectTimeout().toSeconds() < 1 || config.http().readTimeout().toSeconds() < 1) {
            problems.add("http timeouts must be at least 1 s (a zero timeout would mean no timeout)");
        }
        config.secondApprovers().orElse(List.of()).stream()
                .filter(id -> id.isBlank() || !id.equals(id.strip()) || id.chars().anyMatch(Character::isWhitespace))
                .forEach(id -> problems.add("second-approvers holds '" + id + "', which is not an Auth0 user id"));
        try {
            Pattern.compile(config.noEnrollmentPattern());
        } catch (PatternSyntaxException e) {
            problems.add("no-enrollment-pattern is not a regular expression: " + e.getDescription());
        }
        return problems;
    }
}
