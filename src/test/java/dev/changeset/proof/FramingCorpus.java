package dev.changeset.proof;

import static dev.changeset.proof.BadCall.raw;
import static dev.changeset.support.McpWire.ACCEPT;
import static dev.changeset.support.McpWire.JSON;

import java.util.List;

import dev.changeset.support.McpWire;
import io.quarkiverse.mcp.server.JsonRpcErrorCodes;

/**
 * Bad JSON-RPC framing and bad HTTP on {@code /mcp}: each answered with its JSON-RPC error code or HTTP status and
 * never executed. {@code readOnly} is a session whose token holds only {@code changeset:read}: framing tricks must
 * not carry a write past the scope check.
 */
final class FramingCorpus {

    private static final int PARSE = JsonRpcErrorCodes.PARSE_ERROR;
    private static final int INVALID = JsonRpcErrorCodes.INVALID_REQUEST;
    private static final int PARAMS = JsonRpcErrorCodes.INVALID_PARAMS;
    private static final int NO_METHOD = JsonRpcErrorCodes.METHOD_NOT_FOUND;
    private static final String LIST = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}";
    private static final String WRITE =
            "{\"name\":\"update_price\",\"arguments\":{\"sku\":\"APP-1000\",\"price\":67.49}}";

    private FramingCorpus() {
    }

    static List<BadCall> calls(McpWire readOnly) {
        return List.of(
                raw("invalid JSON", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":", 200, PARSE, "Unable to parse"),
                raw("empty body", "", 200, PARSE, "Unable to parse"),
                raw("NaN literal", call("update_price", "{\"sku\":\"APP-1000\",\"price\":NaN}"), 200, PARSE,
                        "Unable to parse"),
                raw("5000-deep nesting", call("read_catalog", "{\"skus\":" + "[".repeat(5000) + "]".repeat(5000) + "}"),
                        200, PARSE, "Unable to parse"),
                raw("jsonrpc 1.0", LIST.replace("2.0", "1.0"), 200, INVALID, "Invalid jsonrpc version"),
                raw("no jsonrpc member", "{\"id\":1,\"method\":\"tools/list\"}", 200, INVALID,
                        "Invalid jsonrpc version"),
                raw("batch of two", "[" + LIST + "," + LIST.replace("\"id\":1", "\"id\":2") + "]", 400, INVALID,
                        "batches"),
                raw("empty batch", "[]", 400, INVALID, "batches"),
                raw("JSON null", "null", 400, INVALID, "must be a JSON object"),
                raw("JSON number", "42", 400, INVALID, "must be a JSON object"),
                raw("JSON string", "\"tools/list\"", 400, INVALID, "must be a JSON object"),
                raw("tools/call without id", "{\"jsonrpc\":\"2.0\",\"method\":\"tools/call\",\"params\":" + WRITE + "}",
                        400, INVALID, "needs an id"),
                raw("id as object", LIST.replace("\"id\":1", "\"id\":{\"a\":1}"), 400, INVALID,
                        "id must be a string or an integer"),
                raw("id null", LIST.replace("\"id\":1", "\"id\":null"), 400, INVALID,
                        "id must be a string or an integer"),
                raw("id 1.5", LIST.replace("\"id\":1", "\"id\":1.5"), 400, INVALID,
                        "id must be a string or an integer"),
                raw("no method", "{\"jsonrpc\":\"2.0\",\"id\":1}", 400, INVALID, "method must be a string"),
                raw("method as number", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":5}", 400, INVALID,
                        "method must be a string"),
                raw("unknown method", LIST.replace("tools/list", "tools/explode"), 200, NO_METHOD,
                        "Unsupported method: tools/explode"),
                raw("params as a string", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":\"x\"}",
                        400, PARAMS, "params must be a JSON object"),
                raw("params as an array", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":[1]}",
                        400, PARAMS, "params must be a JSON object"),
                raw("tools/call without a name", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\","
                        + "\"params\":{\"arguments\":{}}}", 400, PARAMS, "tools/call needs params.name"),
                raw("tool name as number", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\","
                        + "\"params\":{\"name\":7}}", 400, PARAMS, "params.name must be a string"),
                raw("arguments as an array", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\","
                        + "\"params\":{\"name\":\"get_session\",\"arguments\":[1]}}", 400, PARAMS,
                        "params.arguments must be a JSON object"),
                raw("_meta as a string", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\","
                        + "\"params\":{\"name\":\"get_session\",\"_meta\":\"x\"}}", 400, PARAMS,
                        "params._meta must be a JSON object"),
                raw("cursor as number", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\","
                        + "\"params\":{\"cursor\":5}}", 400, PARAMS, "params.cursor must be a string"),
                raw("resource uri as number", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"resources/read\","
                        + "\"params\":{\"uri\":5}}", 400, PARAMS, "params.uri must be a string"),
                raw("unknown tool", call("drop_table", "{}"), 200, PARAMS, "Invalid tool name: drop_table"),
                new BadCall("Content-Type text/plain", w -> w.post("text/plain", ACCEPT, LIST),
                        BadCall.rpcError(415, INVALID, "Content-Type must be application/json")),
                new BadCall("Content-Type form", w -> w.post("application/x-www-form-urlencoded", ACCEPT, "a=b"),
                        BadCall.rpcError(415, INVALID, "Content-Type must be application/json")),
                new BadCall("no Content-Type", w -> w.post(null, ACCEPT, LIST),
                        BadCall.rpcError(415, INVALID, "Content-Type must be application/json")),
                new BadCall("Accept text/html", w -> w.post(JSON, "text/html", LIST), BadCall.status(400)),
                new BadCall("Accept without text/event-stream", w -> w.post(JSON, JSON, LIST), BadCall.status(400)),
                new BadCall("PUT /mcp", w -> w.send("PUT", JSON, ACCEPT, LIST), BadCall.status(405)),
                new BadCall("2.2 MB body (limit 2M)", w -> w.post(call("preview_changeset",
                        "{\"note\":\"" + "x".repeat(2_200_000) + "\"}")), BadCall.status(413)),
                new BadCall("read-only token: a write hidden in a batch", w -> readOnly.post("[{\"jsonrpc\":\"2.0\","
                        + "\"id\":1,\"method\":\"tools/call\",\"params\":" + WRITE + "}]"),
                        BadCall.rpcError(400, INVALID, "batches")),
                new BadCall("read-only token: duplicate name keys, the write last", w -> readOnly.post(
                        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"get_session\","
                                + WRITE.substring(1) + "}"),
                        BadCall.rpcError(403, JsonRpcErrorCodes.SECURITY_ERROR, "needs scope 'changeset:write'")),
                new BadCall("read-only token: a write without id", w -> readOnly.post(
                        "{\"jsonrpc\":\"2.0\",\"method\":\"tools/call\",\"params\":" + WRITE + "}"),
                        BadCall.rpcError(400, INVALID, "needs an id")));
    }

    static String call(String tool, String arguments) {
        return "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
                + "\",\"arguments\":" + arguments + "}}";
    }
}
