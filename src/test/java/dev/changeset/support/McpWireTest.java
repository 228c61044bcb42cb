package dev.changeset.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.vertx.core.json.JsonObject;

/** How the one raw MCP client reads an answer: a JSON body, or the response event of an event stream. */
class McpWireTest {

    static final String STREAM = "text/event-stream";

    @Test
    void a_json_body_is_the_message() {
        assertEquals(7, McpWire.message("application/json", " {\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{}}\n")
                .getInteger("id"));
    }

    @Test
    void a_stream_gives_its_response_after_the_progress_notifications_whatever_follows_it() {
        String body = """
                id: 1
                event: message
                data: {"jsonrpc":"2.0","method":"notifications/progress","params":{"progress":1}}

                data: {"jsonrpc":"2.0","id":3,"result":{"content":[]}}

                data: {"jsonrpc":"2.0","method":"notifications/message","params":{}}

                """;
        JsonObject message = McpWire.message(STREAM, body);
        assertEquals(3, message.getInteger("id"));
        assertEquals(new JsonObject().put("content", new io.vertx.core.json.JsonArray()),
                message.getJsonObject("result"));
    }

    @Test
    void an_event_split_over_several_data_lines_is_joined_and_carriage_returns_end_lines() {
        String body = "data: {\"jsonrpc\":\"2.0\",\"id\":4,\r\ndata: \"error\":{\"code\":-32602}}\r\n\r\n";
        assertEquals(List.of("{\"jsonrpc\":\"2.0\",\"id\":4,\n\"error\":{\"code\":-32602}}"), McpWire.events(body));
        assertEquals(-32602, McpWire.message(STREAM, body).getJsonObject("error").getInteger("code"));
    }

    @Test
    void a_stream_without_a_response_gives_its_last_json_event() {
        String body = "data: {\"jsonrpc\":\"2.0\",\"method\":\"a\"}\n\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"b\"}\n\n";
        assertEquals("b", McpWire.message(STREAM, body).getString("method"));
    }

    @Test
    void what_holds_no_json_object_is_no_message() {
        assertNull(McpWire.message("text/plain", "Bad Request"));
        assertNull(McpWire.message("application/json", "[{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}]"));
        assertNull(McpWire.message("application/json", "{\"jsonrpc\":"));
        assertNull(McpWire.message("application/json", ""));
        assertNull(McpWire.message(STREAM, ": keep-alive\n\n"));
    }

    @Test
    void a_tool_call_passes_its_arguments_as_written_and_escapes_the_name() {
        JsonObject call = new JsonObject(McpWire.toolCall(9, "a\"b", "{\"x\":[1,2]}"));
        assertEquals(9, call.getInteger("id"));
        assertEquals("tools/call", call.getString("method"));
        assertEquals("a\"b", call.getJsonObject("params").getString("name"));
        assertEquals(new JsonObject("{\"x\":[1,2]}"), call.getJsonObject("params").getJsonObject("arguments"));
    }
}
