package dev.changeset.pipeline;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.arc.All;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

/**
 * Lets callers wait for a changeset to settle without holding a thread. Waiters are callbacks keyed by changeset
 * id; they fire when this process moves the changeset ({@link #changed}) or when one shared timer, reading the
 * states of all watched changesets in one query per source, sees that another replica moved it. A receipt mail
 * request is waited for the same way, under its own id ({@link ResendState#watched()}). When shutdown starts every
 * wait ends at once as if its time were up: the tool call answers with where the changeset stands (an approval
 * goes on: it is a row that any replica's poller serves), and the instance need not wait out the calls.
 */
@ApplicationScoped
public class ChangesetWatch {

    private static final Logger LOG = Logger.getLogger(ChangesetWatch.class);

    /** A waiter: told each new state; returns true when it has what it waited for and can be dropped. */
    interface Waiter extends Function<ChangesetState, Boolean> {
    }

    private final Map<String, Set<Waiter>> waiters = new ConcurrentHashMap<>();
    private final Map<String, ChangesetState> lastSeen = new ConcurrentHashMap<>();
    private final Set<Runnable> timesUp = ConcurrentHashMap.newKeySet();
    private final Vertx vertx;
    private final List<ChangesetStates> sources;
    private final Duration recheck;
    private long timer = -1;

    /** {@code sources}: where watched states are read (the changesets' store, and the receipt mail requests'). */
    ChangesetWatch(Vertx vertx, @All List<ChangesetStates> sources, PipelineConfig config) {
        this.vertx = vertx;
        this.sources = List.copyOf(sources);
        this.recheck = config.watchRecheck();
    }

    void start(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(recheck.toMillis(), id -> recheckAll());
    }

    /** Shutdown starts (before Quarkus waits for requests in flight): every wait ends now. */
    void release(@Observes ShutdownDelayInitiatedEvent event) {
        LOG.infof("shutting down: ending %d wait(s) for changesets", timesUp.size());
        Set.copyOf(timesUp).forEach(Runnable::run);
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** This process moved a changeset: wake its waiters at once. */
    public void changed(String changesetId, ChangesetState state) {
        lastSeen.put(changesetId, state);
        Set<Waiter> set = waiters.get(changesetId);
        if (set == null) {
            return;
        }
        for (Waiter waiter : Set.copyOf(set)) { // a waiter that is done removes itself as it completes
            if (waiter.apply(state)) {
                remove(changesetId, waiter);
            }
        }
    }

    /**
     * Completes with the first state {@code done} accepts, or with null when {@code maxWait} passes first. The
     * current state must be checked by the caller before waiting.
     */
    public Uni<ChangesetState> await(String changesetId, java.util.function.Predicate<ChangesetState> done,
            Duration maxWait) {
        return Uni.createFrom().emitter(emitter -> {
            Waiter[] self = new Waiter[1];
            Runnable[] timeUp = new Runnable[1];
            long deadline = vertx.setTimer(Math.max(1, maxWait.toMillis()), t -> timeUp[0].run());
            timeUp[0] = () -> {
                vertx.cancelTimer(deadline);
                remove(changesetId, self[0]);
                timesUp.remove(timeUp[0]);
                emitter.complete(null);
            };
            self[0] = state -> {
                if (!done.test(state)) {
                    return false;
                }
                vertx.cancelTimer(deadline);
                emitter.complete(state);
                return true;
            };
            waiters.computeIfAbsent(changesetId, k -> new CopyOnWriteArraySet<>()).add(self[0]);
            timesUp.add(timeUp[0]);
            // A move between the caller's read and this registration woke nobody: it is in lastSeen (set first).
            ChangesetState seen = lastSeen.get(changesetId);
            if (seen != null && self[0].apply(seen)) {
                remove(changesetId, self[0]);
            }
            emitter.onTermination(() -> {
                vertx.cancelTimer(deadline);
                remove(changesetId, self[0]);
                timesUp.remove(timeUp[0]);
            });
        });
    }

    int watched() {
        return waiters.size();
    }

    private void remove(String changesetId, Waiter waiter) {
        Set<Waiter> set = waiters.get(changesetId);
        if (set != null && set.remove(waiter) && set.isEmpty()) {
            waiters.remove(changesetId, set);
        }
    }

    private void recheckAll() {
        if (waiters.isEmpty()) {
            return;
        }
        Set<String> ids = Set.copyOf(waiters.keySet());
        vertx.<Map<String, ChangesetState>> executeBlocking(() -> {
            Map<String, ChangesetState> found = new HashMap<>();
            sources.forEach(source -> found.putAll(source.of(ids)));
            return found;
        }, false)
                .onSuccess(found -> found.forEach((id, state) -> {
                    if (state != lastSeen.get(id)) {
                        changed(id, state);
                    }
                }))
                .onFailure(e -> LOG.warnf("rechecking %d watched changesets failed: %s", ids.size(), e.toString()));
    }
}
