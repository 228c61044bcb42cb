package dev.changeset.mcp;

import java.time.Duration;
import java.time.Instant;
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
 * a timer ends it at its deadline, and every {@code progress-every} it tells the client it is still waiting
 * ({@code notifications/progress} when the client sent a progress token, a log notification otherwise). A client's
 * {@code notifications/cancelled}, or its session closing, ends only this wait; the changeset goes on.
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

    /** Completes when the changeset is terminal, or after {@code max} (then the caller re-reads it). */
    Uni<ChangesetState> await(Changeset c, Duration max, Progress progress, McpLog log, Cancellation cancellation,
            McpConnection connection) {
        return await(c.id(), c.code(), max, progress, log, cancellation, connection);
    }

    /**
     * The same for anything else the watch reports by id (a receipt mail's approval), named {@code what} in the
     * progress messages.
     */
    Uni<ChangesetState> await(String watchedId, String what, Duration max, Progress progress, McpLog log,
            Cancellation cancellation, McpConnection connection) {
        Instant start = Instant.now();
        AtomicLong lastSent = new AtomicLong(System.nanoTime());
        long[] timer = new long[1];
        Cancellable[] inner = new Cancellable[1];
        Uni<ChangesetState> settled = watch.await(watchedId, ChangesetState::isTerminal, max);
        return Uni.createFrom().<ChangesetState> emitter(emitter -> {
            timer[0] = vertx.setPeriodic(250, id -> {
                if (cancellation.check().isRequested() || connection.status() == McpConnection.Status.CLOSED) {
                    emitter.complete(null); // the client stopped waiting; the changeset is not touched
                    return;
                }
                if (System.nanoTime() - lastSent.get() >= every.toNanos()) {
                    lastSent.set(System.nanoTime());
                    tell(what, start, max, progress, log);
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

    private static void tell(String what, Instant start, Duration max, Progress progress, McpLog log) {
        long waited = Duration.between(start, Instant.now()).toSeconds();
        String message = "Waiting for approval of " + what + " in Auth0 Guardian (" + waited + " s of "
                + max.toSeconds() + " s).";
        if (progress.token().isPresent()) {
            progress.notificationBuilder().setProgress(waited).setTotal(max.toSeconds()).setMessage(message).build()
                    .sendAndForget();
        } else {
            log.info(message);
        }
    }
}
