package dev.changeset.mcp;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import dev.changeset.pipeline.Changeset;
import dev.changeset.pipeline.ChangesetState;
import dev.changeset.pipeline.ChangesetWatch;
import io.quarkiverse.mcp.server.Cancellation;
import io.quarkiverse.mcp.server.McpConnection;
import io.quarkiverse.mcp.server.McpLog;
import io.quarkiverse.mcp.server.Progress;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.core.Vertx;

/**
 * Waits for a changeset to settle for one tool call, holding no thread: the changeset's watch completes the wait,
 * a timer ends it at its deadline. A {@link Heartbeat} started when the call starts (before the push is even sent)
 * tells the client every {@code progress-every} that the call is alive ({@code notifications/progress} when the
 * client sent a progress token, a log notification otherwise): the MCP Inspector gives up on a call after 10 s
 * without progress, so the first comes at most {@code progress-every} (at most 5 s) after the call starts. A
 * client's {@code notifications/cancelled}, or its session closing, ends only this wait; the changeset goes on.
 */
@ApplicationScoped
class ApprovalWait {

    private final ChangesetWatch watch;
    private final Vertx vertx;
    private final Duration every;

    ApprovalWait(ChangesetWatch watch, Vertx vertx, McpConfig config) {
        this.watch = watch;
        this.vertx = vertx;
        this.every = config.progressEvery();
    }

    /**
     * Progress for one tool call from now until {@link Heartbeat#stop()}: the first after {@code progress-every},
     * then one every {@code progress-every} (a fixed-rate timer), each with the seconds since the call started out
     * of {@code max}. {@code what} names the thing waited for until {@link Heartbeat#named} names it better.
     */
    Heartbeat heartbeat(String what, Duration max, Progress progress, McpLog log) {
        Heartbeat beat = new Heartbeat(what, max, progress, log);
        beat.timer = vertx.setPeriodic(every.toMillis(), id -> beat.tell());
        return beat;
    }

    /**
     * Completes when the changeset is terminal, or when the call's heartbeat has run for its {@code max} (then the
     * caller re-reads it): the wait's deadline counts from the call's start, not from when the push went out.
     */
    Uni<ChangesetState> await(Changeset c, Heartbeat beat, Cancellation cancellation, McpConnection connection) {
        beat.named(c.code());
        return await(c.id(), beat, cancellation, connection);
    }

    /** The same for anything else the watch reports by id (a receipt mail's approval). */
    Uni<ChangesetState> await(String watchedId, Heartbeat beat, Cancellation cancellation,
            McpConnection connection) {
        Duration left = beat.left();
        if (left.isZero()) {
            return Uni.createFrom().nullItem();
        }
        long[] timer = new long[1];
        Cancellable[] inner = new Cancellable[1];
        Uni<ChangesetState> settled = watch.await(watchedId, ChangesetState::isTerminal, left);
        return Uni.createFrom().<ChangesetState> emitter(emitter -> {
            timer[0] = vertx.setPeriodic(250, id -> {
                if (cancellation.check().isRequested() || connection.status() == McpConnection.Status.CLOSED) {
                    emitter.complete(null); // the client stopped waiting; the changeset is not touched
                }
            });
            inner[0] = settled.subscribe().with(emitter::complete, emitter::fail);
        }).onTermination().invoke(() -> {
            vertx.cancelTimer(timer[0]);
            if (inner[0] != null) {
                inner[0].cancel();
            }
        });
    }

    /** One call's progress clock (see {@link ApprovalWait#heartbeat}). */
    final class Heartbeat {
        private final long startNanos = System.nanoTime();
        private final Duration max;
        private final Progress progress;
        private final McpLog log;
        private final AtomicLong lastProgress = new AtomicLong(-1);
        private volatile String what;
        private volatile long timer = -1;
        private volatile boolean stopped;

        private Heartbeat(String what, Duration max, Progress progress, McpLog log) {
            this.what = what;
            this.max = max;
            this.progress = progress;
            this.log = log;
        }

        /** From now on the messages name {@code name} (a changeset's code once it is known). */
        void named(String name) {
            this.what = name;
        }

        /** What is left of the call's wait. */
        Duration left() {
            Duration left = max.minusNanos(System.nanoTime() - startNanos);
            return left.isNegative() ? Duration.ZERO : left;
        }

        /** No more progress for this call (it answers). Idempotent. */
        void stop() {
            stopped = true;
            vertx.cancelTimer(timer);
        }

        private void tell() {
            if (stopped) {
                return;
            }
            long elapsedMillis = Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
            // progress MUST increase with every notification (MCP 2025-11-25, utilities/progress)
            long value = Math.max(elapsedMillis, lastProgress.get() + 1);
            lastProgress.set(value);
            String message = "Waiting for approval of " + what + " in Auth0 (" + value / 1000 + " s of "
                    + max.toSeconds() + " s).";
            if (progress.token().isPresent()) {
                progress.notificationBuilder().setProgress(value / 1000.0).setTotal(max.toSeconds())
                        .setMessage(message).build().sendAndForget();
            } else {
                log.info(message);
            }
        }
    }
}
