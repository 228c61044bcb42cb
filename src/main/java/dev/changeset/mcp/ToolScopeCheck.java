package dev.changeset.mcp;

import java.lang.reflect.Method;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

import org.jboss.logging.Logger;

import dev.changeset.identity.Caller;
import dev.changeset.identity.Callers;
import dev.changeset.identity.McpScope;
import io.quarkiverse.mcp.server.JsonRpcErrorCodes;
import io.quarkiverse.mcp.server.McpException;
import io.quarkiverse.mcp.server.Prompt;
import io.quarkiverse.mcp.server.Resource;
import io.quarkiverse.mcp.server.ResourceTemplate;
import io.quarkiverse.mcp.server.Tool;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * Enforces each MCP feature's scope inside the call, from the verified identity of the request (never from an
 * argument), whatever route brought the call: {@link McpAccessGate} refuses at the door, and if a route ever
 * bypasses the door, the tool still does not run. A tool needs {@link ToolScopes#required}; resources and prompts
 * need {@code changeset:read}. A caller without a verified token, or without the scope, gets a JSON-RPC security
 * error and the method is not entered.
 */
@ScopeChecked
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE + 10)
public class ToolScopeCheck {

    private static final Logger LOG = Logger.getLogger(ToolScopeCheck.class);

    @Inject
    SecurityIdentity identity;
    @Inject
    Callers callers;

    @AroundInvoke
    Object check(InvocationContext invocation) throws Exception {
        Method method = invocation.getMethod();
        String feature = feature(method);
        if (feature == null) {
            return invocation.proceed(); // not an MCP feature: reachable only from this server's own code
        }
        McpScope needed = required(method);
        Caller caller;
        try {
            caller = callers.of(identity);
        } catch (UnauthorizedException e) {
            LOG.warnf("%s reached without a verified token: refused", feature);
            throw new McpException(feature + " needs a verified bearer token", JsonRpcErrorCodes.SECURITY_ERROR);
        }
        if (!caller.holds(needed)) {
            LOG.warnf("%s reached by %s without scope %s: refused inside the call", feature, caller.subject(),
                    needed.value());
            throw new McpException("insufficient_scope: " + feature + " needs scope '" + needed.value() + "'",
                    JsonRpcErrorCodes.SECURITY_ERROR);
        }
        return invocation.proceed();
    }

    /** The scope an MCP feature method needs; {@code changeset:write} for any tool not known to only read. */
    static McpScope required(Method method) {
        Tool tool = method.getAnnotation(Tool.class);
        if (tool != null) {
            return ToolScopes.required(toolName(method, tool));
        }
        return McpScope.READ;
    }

    /** How the feature is named in messages, or null for a method that is no MCP feature. */
    static String feature(Method method) {
        Tool tool = method.getAnnotation(Tool.class);
        if (tool != null) {
            return "tool '" + toolName(method, tool) + "'";
        }
        if (method.isAnnotationPresent(Resource.class) || method.isAnnotationPresent(ResourceTemplate.class)) {
            return "resource '" + method.getName() + "'";
        }
        if (method.isAnnotationPresent(Prompt.class)) {
            return "prompt '" + method.getName() + "'";
        }
        return null;
    }

    private static String toolName(Method method, Tool tool) {
        return tool.name().isEmpty() ? method.getName() : tool.name(); // the extension's default: the method name
    }
}
