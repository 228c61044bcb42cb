package dev.changeset.pipeline;

import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;

/**
 * One OpenTelemetry span per pipeline step, named {@code changeset.<step>} and tagged with the changeset id, and
 * nothing else: no token, no caller, no values (a failed step records only its exception's class name, since
 * messages may name cells and amounts). A {@link Run} is the parent span of one preview or one execution; steps
 * opened while it is current (same thread) become its children. With the SDK off (no collector configured) every
 * span is a no-op.
 */
@ApplicationScoped
class Steps {

    static final AttributeKey<String> CHANGESET_ID = AttributeKey.stringKey("changeset.id");

    private final Tracer tracer;

    Steps(Tracer tracer) {
        this.tracer = tracer;
    }

    /** Opens the parent span of a preview or an execution; close it when the run ends. */
    Run start(String run, String changesetId) {
        Span span = tracer.spanBuilder("changeset." + run).setAttribute(CHANGESET_ID, changesetId).startSpan();
        return new Run(changesetId, span, span.makeCurrent());
    }

    /** Runs one step in a span of its own (a child of the current run, if any). */
    <T> T step(String step, String changesetId, Supplier<T> body) {
        Span span = tracer.spanBuilder("changeset." + step).setAttribute(CHANGESET_ID, changesetId).startSpan();
        try (Scope ignored = span.makeCurrent()) {
            return body.get();
        } catch (RuntimeException e) {
            span.setStatus(StatusCode.ERROR, e.getClass().getSimpleName());
            throw e;
        } finally {
            span.end();
        }
    }

    void step(String step, String changesetId, Runnable body) {
        step(step, changesetId, () -> {
            body.run();
            return null;
        });
    }

    /** A preview or an execution in progress: its steps, then {@link #close()}. */
    final class Run implements AutoCloseable {

        private final String changesetId;
        private final Span span;
        private final Scope scope;

        private Run(String changesetId, Span span, Scope scope) {
            this.changesetId = changesetId;
            this.span = span;
            this.scope = scope;
        }

        <T> T step(String step, Supplier<T> body) {
            try {
                return Steps.this.step(step, changesetId, body);
            } catch (RuntimeException e) {
                span.setStatus(StatusCode.ERROR, step + ": " + e.getClass().getSimpleName());
                throw e;
            }
        }

        @Override
        public void close() {
            scope.close();
            span.end();
        }
    }
}
