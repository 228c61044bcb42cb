package dev.changeset.pipeline;

import java.util.List;

import dev.changeset.support.SandboxClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** The Sheets calls the sandbox received after a mark, as tests count them ("written exactly once"). */
record SheetCalls(JsonArray calls) {

    static final String GET = "values.batchGet";
    static final String WRITE = "values.batchUpdate";

    static SheetCalls since(SandboxClient sandbox, long mark) {
        return new SheetCalls(sandbox.callsSince(mark));
    }

    List<JsonObject> all() {
        return calls.stream().map(JsonObject.class::cast).toList();
    }

    /** The methods, in the order the sandbox received them. */
    List<String> methods() {
        return all().stream().map(c -> c.getString("method")).toList();
    }

    List<JsonObject> of(String method) {
        return all().stream().filter(c -> method.equals(c.getString("method"))).toList();
    }

    /** batchUpdate calls, whatever their answer (a dropped answer is status 0). */
    int writes() {
        return of(WRITE).size();
    }

    @Override
    public String toString() {
        return calls.encodePrettily();
    }
}
