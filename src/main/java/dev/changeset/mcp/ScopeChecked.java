package dev.changeset.mcp;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.interceptor.InterceptorBinding;

/**
 * The second lock: every MCP tool, resource and prompt method of a class carrying this annotation checks, where it
 * runs, that the caller's verified token holds the scope the feature needs ({@link ToolScopeCheck}). Every class
 * with such methods must carry it, else the application does not start ({@link ToolScopeCoverage}).
 */
@InterceptorBinding
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
public @interface ScopeChecked {
}
