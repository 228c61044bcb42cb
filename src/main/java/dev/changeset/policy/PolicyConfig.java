package dev.changeset.policy;

import java.math.BigDecimal;
import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The policy's thresholds. Every comparison is strict ("over"): a value equal to its threshold does not count. */
@ConfigMapping(prefix = "changeset.policy")
public interface PolicyConfig {

    /** A price move over this percent, up or down, is T2. */
    @WithDefault("10")
    BigDecimal priceMovePercent();

    /** A price cut over this percent is T3 (as is any price below cost). */
    @WithDefault("30")
    BigDecimal priceCutPercent();

    /** A stock move over this percent, up or down, is T2 (as is stock set to zero). */
    @WithDefault("50")
    BigDecimal stockMovePercent();

    /**
     * How far back a price or stock change is also judged from: against the value before the earliest change this
     * server executed to that field within this window (by anyone), so that a run of small changes counts as one.
     */
    @WithDefault("24H")
    Duration driftWindow();

    /** A changeset with more writes than this raises each of its writes one tier. */
    @WithDefault("20")
    int bulkWrites();

    /**
     * Empty rule sessions kept ready for reuse (Drools' KieSessionsPool; it grows with concurrent evaluations).
     * A pooled session is reset (every fact, activation and node memory dropped) when its evaluation ends, so
     * nothing outlives an evaluation; reuse only saves building the session's memories again. 0: a new session
     * for every evaluation (about a third slower on one operation; see src/bench/policy.sh).
     */
    @WithDefault("4")
    int sessionPoolSize();

    UserStateConfig userState();

    /** User-state signals (package {@code signals} holds them): opt-in, escalation only, kept in memory only. */
    interface UserStateConfig {

        /** A live stress signal over this (0..1) raises each write one tier. */
        @WithDefault("0.7")
        BigDecimal stress();

        /** An MCP session longer than this many minutes raises each write one tier. */
        @WithDefault("60")
        long sessionMinutes();

        /** How long a posted signal counts; a sidecar may ask for less, never more. */
        @WithDefault("5M")
        Duration signalTtl();
    }
}
