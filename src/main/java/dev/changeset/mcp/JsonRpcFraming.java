package dev.changeset.mcp;

import java.math.BigInteger;
import java.util.Optional;

import dev.changeset.text.Printable;
import io.quarkiverse.mcp.server.JsonRpcErrorCodes;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The shape every JSON-RPC message posted to {@code /mcp} must have before the MCP endpoint reads it: one JSON
 * object (MCP 2025-11-25 has no batches), a string method, a string or integer id on every request, and objects
 * where the endpoint expects objects. quarkus-mcp-server 1.13.0 reads these members with unchecked casts on the
 * event loop: a string {@code params} or a missing tool name there throws outside any handler and leaves the
 * request unanswered, and an empty batch answers 500 with a stack trace. So they are refused here, each with its
 * JSON-RPC code and what was wrong.
 */
final class JsonRpcFraming {

    /** Why a message was refused: its JSON-RPC error code, the message, and the id to answer with (if usable). */
    record Refusal(int code, String message, Object id) {
    }

    /** A posted body as the gate sees it: the message when it has the right shape, or why it is refused. */
    record Read(Optional<JsonObject> message, Optional<Refusal> refusal) {
    }

    private JsonRpcFraming() {
    }

    /**
     * Reads a posted body. No body or no JSON at all is left to the MCP endpoint, which answers -32700 and runs
     * nothing; any JSON value (even {@code null}) is checked.
     */
    static Read read(Buffer body) {
        Object json;
        try {
            if (body == null || body.length() == 0) {
                return new Read(Optional.empty(), Optional.empty());
            }
            json = Json.decodeValue(body);
        } catch (DecodeException e) {
            return new Read(Optional.empty(), Optional.empty());
        }
        Optional<Refusal> refusal = check(json);
        return new Read(refusal.isEmpty() ? Optional.of((JsonObject) json) : Optional.empty(), refusal);
    }

    /** The refusal for a decoded body, or empty when its shape is fine (the endpoint then judges its content). */
    static Optional<Refusal> check(Object json) {
        if (json instanceof JsonArray) {
            return invalid("send one JSON-RPC message per request as a JSON object: batches (JSON arrays) are not"
                    + " part of MCP 2025-11-25", null);
        }
        if (!(json instanceof JsonObject message)) {
            return invalid("a JSON-RPC message must be a JSON object", null);
        }
        Object id = message.getValue("id");
        boolean hasId = message.containsKey("id");
        if (hasId && !usableId(id)) {
            return invalid("id must be a string or an integer", null);
        }
        if (message.containsKey("result") || message.containsKey("error")) {
            return hasId ? Optional.empty() : invalid("a JSON-RPC response needs the id of the request it answers",
                    null);
        }
        if (!(message.getValue("method") instanceof String method) || method.isBlank()) {
            return invalid("method must be a string naming a JSON-RPC method", id);
        }
        if (!hasId && !method.startsWith("notifications/")) {
            return invalid("'" + Printable.echo(method) + "' is a request and needs an id (a string or an integer);"
                    + " only notifications/* go without one", null);
        }
        if (!message.containsKey("params")) {
            return method.equals("tools/call") ? params("tools/call needs params with the tool's name", id)
                    : Optional.empty();
        }
        if (!(message.getValue("params") instanceof JsonObject params)) {
            return params("params must be a JSON object", id);
        }
        for (String member : new String[] { "_meta", "arguments" }) {
            if (params.containsKey(member) && !(params.getValue(member) instanceof JsonObject)) {
                return params("params." + member + " must be a JSON object", id);
            }
        }
        for (String member : new String[] { "name", "cursor", "uri" }) {
            if (params.containsKey(member) && !(params.getValue(member) instanceof String)) {
                return params("params." + member + " must be a string", id);
            }
        }
        if ((method.equals("tools/call") || method.equals("prompts/get")) && !params.containsKey("name")) {
            return params(method + " needs params.name", id);
        }
        return Optional.empty();
    }

    private static boolean usableId(Object id) {
        return id instanceof String || id instanceof Integer || id instanceof Long || id instanceof BigInteger;
    }

    private static Optional<Refusal> invalid(String message, Object id) {
        return Optional.of(new Refusal(JsonRpcErrorCodes.INVALID_REQUEST, message, id));
    }

    private static Optional<Refusal> params(String message, Object id) {
        return Optional.of(new Refusal(JsonRpcErrorCodes.INVALID_PARAMS, message, id));
    }

}
