package dev.changeset.support;

import static io.restassured.RestAssured.given;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.vertx.core.json.JsonObject;

/** Raw Streamable HTTP requests to {@code /mcp}, for asserting statuses and headers exactly. */
public final class RawMcp {

    public static final String INITIALIZE = """
            {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25",
             "capabilities":{},"clientInfo":{"name":"raw-test","version":"1"}}}""";

    private RawMcp() {
    }

    public static RequestSpecification request(String token) {
        RequestSpecification spec = given()
                .contentType("application/json")
                .accept("application/json, text/event-stream");
        return token == null ? spec : spec.header("Authorization", "Bearer " + token);
    }

    public static Response initialize(String token) {
        return request(token).body(INITIALIZE).post("/mcp");
    }

    /** Opens an initialized session and returns its id. */
    public static String openSession(String token) {
        String id = initialize(token).then().statusCode(200).extract().header("Mcp-Session-Id");
        request(token).header("Mcp-Session-Id", id)
                .body("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}")
                .post("/mcp").then().statusCode(202);
        return id;
    }

    public static Response callTool(String token, String session, String tool, JsonObject arguments) {
        JsonObject message = new JsonObject().put("jsonrpc", "2.0").put("id", 7).put("method", "tools/call")
                .put("params", new JsonObject().put("name", tool).put("arguments", arguments));
        return request(token).header("Mcp-Session-Id", session).body(message.encode()).post("/mcp");
    }
}
