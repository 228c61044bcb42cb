package dev.changeset.mcp;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.changeset.pipeline.InvalidChangesetException;
import dev.changeset.pipeline.OperationInput;
import dev.changeset.text.Printable;
import io.quarkiverse.mcp.server.GlobalInputSchemaGenerator;
import io.quarkiverse.mcp.server.GlobalOutputSchemaGenerator;
import io.quarkiverse.mcp.server.InputSchemaGenerator;
import io.quarkiverse.mcp.server.ToolManager.ToolInfo;
import io.vertx.core.json.JsonObject;

/**
 * Reads {@code preview_changeset}'s operations from their JSON form field by field, so that a wrong type gets a
 * message naming the operation and the field ("operation 3 field price: expected a number, got a string") rather
 * than the extension's generic "unable to convert value". As an input schema generator it advertises the same
 * shape the generic generator would, with each operation's fields described.
 */
@ApplicationScoped
public class OperationArguments implements InputSchemaGenerator<JsonObject> {

    private static final Set<String> FIELDS = Set.of("op", "sku", "price", "active", "percent", "delta", "quantity");

    private final GlobalInputSchemaGenerator inputs;
    private final GlobalOutputSchemaGenerator shapes;
    private final ObjectMapper json;

    OperationArguments(GlobalInputSchemaGenerator inputs, GlobalOutputSchemaGenerator shapes, ObjectMapper json) {
        this.inputs = inputs;
        this.shapes = shapes;
        this.json = json;
    }

    @Override
    public JsonObject generate(ToolInfo tool) {
        try {
            JsonObject schema = new JsonObject(json.writeValueAsString(inputs.generate(tool).value()));
            JsonObject operations = schema.getJsonObject("properties").getJsonObject("operations");
            operations.put("items", new JsonObject(json.writeValueAsString(shapes.generate(OperationInput.class))));
            operations.put("minItems", 1);
            return schema;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the operations schema could not be built", e);
        }
    }

    static List<OperationInput> read(List<Object> operations) {
        if (operations == null) {
            throw new InvalidChangesetException(List.of("operations: is missing"));
        }
        List<String> problems = new ArrayList<>();
        List<OperationInput> inputs = new ArrayList<>(operations.size());
        for (int i = 0; i < operations.size(); i++) {
            String where = "operation " + (i + 1);
            if (operations.get(i) == null) {
                problems.add(where + ": is empty");
                continue;
            }
            if (!(operations.get(i) instanceof Map<?, ?> fields)) {
                problems.add(where + ": expected an object with op, sku and the operation's fields");
                continue;
            }
            int before = problems.size();
            fields.keySet().stream().map(String::valueOf).filter(k -> !FIELDS.contains(k)).sorted()
                    .forEach(k -> problems.add(where + " field " + Printable.echo(k) + ": is not a field of an operation"));
            OperationInput input = new OperationInput(text(fields, "op", where, problems),
                    text(fields, "sku", where, problems), number(fields, "price", where, problems),
                    bool(fields, "active", where, problems), number(fields, "percent", where, problems),
                    number(fields, "delta", where, problems), number(fields, "quantity", where, problems));
            if (problems.size() == before) {
                inputs.add(input);
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidChangesetException(problems);
        }
        return inputs;
    }

    private static String text(Map<?, ?> fields, String name, String where, List<String> problems) {
        Object value = fields.get(name);
        if (value == null || value instanceof String) {
            return (String) value;
        }
        problems.add(where + " field " + name + ": expected text, got " + kind(value));
        return null;
    }

    private static BigDecimal number(Map<?, ?> fields, String name, String where, List<String> problems) {
        Object value = fields.get(name);
        if (value == null) {
            return null;
        }
        if (value instanceof Number n) {
            try {
                return n instanceof BigDecimal d ? d : new BigDecimal(n.toString());
            } catch (NumberFormatException e) {
                problems.add(where + " field " + name + ": " + n + " is not a finite number");
                return null;
            }
        }
        problems.add(where + " field " + name + ": expected a number, got " + kind(value));
        return null;
    }

    private static Boolean bool(Map<?, ?> fields, String name, String where, List<String> problems) {
        Object value = fields.get(name);
        if (value == null || value instanceof Boolean) {
            return (Boolean) value;
        }
        problems.add(where + " field " + name + ": expected true or false, got " + kind(value));
        return null;
    }

    private static String kind(Object value) {
        if (value instanceof String s) {
            return "the text '" + Printable.echo(s) + "'";
        }
        return value instanceof List ? "a list" : value instanceof Map ? "an object" : value.getClass().getSimpleName();
    }

}
