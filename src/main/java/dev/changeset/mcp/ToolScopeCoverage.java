package dev.changeset.mcp;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;

import io.quarkus.runtime.StartupEvent;

/**
 * Stops the start when a bean declares an MCP tool, resource or prompt without {@link ScopeChecked}: a new tool
 * class cannot run without its scope check being in place.
 */
@ApplicationScoped
class ToolScopeCoverage {

    void check(@Observes StartupEvent start, BeanManager beans) {
        List<String> unchecked = unchecked(beans.getBeans(Object.class, Any.Literal.INSTANCE).stream()
                .map(Bean::getBeanClass).distinct().toList());
        if (!unchecked.isEmpty()) {
            throw new IllegalStateException("MCP features without the scope check (@ScopeChecked on the class): "
                    + String.join(", ", unchecked));
        }
    }

    static List<String> unchecked(List<Class<?>> classes) {
        List<String> out = new ArrayList<>();
        for (Class<?> type : classes) {
            if (type.isAnnotationPresent(ScopeChecked.class)) {
                continue;
            }
            for (Method method : type.getDeclaredMethods()) {
                if (ToolScopeCheck.feature(method) != null) {
                    out.add(type.getName() + "." + method.getName());
                }
            }
        }
        return out;
    }
}
