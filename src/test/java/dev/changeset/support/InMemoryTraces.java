package dev.changeset.support;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;

/**
 * Tests export spans to memory (no collector here): Quarkus' OpenTelemetry SDK sends finished spans to every
 * {@code SpanExporter} bean, and the test profile turns the SDK on with the simple (synchronous) span processor.
 */
public class InMemoryTraces {

    @Produces
    @Singleton
    InMemorySpanExporter spans() {
        return InMemorySpanExporter.create();
    }
}
