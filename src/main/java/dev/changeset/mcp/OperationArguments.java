package dev.changeset.mcp;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.changeset.pipeline.InvalidChangesetException;
import dev.changeset.pipeline.OperationInput;
import io.quarkiverse.mcp.server.GlobalInputSchemaGenerator;
import io.quarkiverse.mcp.server.GlobalOutputSchemaGenerator;
import io.quarkiverse.mcp.server.InputSchemaGenerator;
import io.quarkiverse.mcp.server.ToolManager.ToolInfo;
import io.vertx.core.json.JsonObject;

/**
 * {@code preview_changeset}'s operations: their input schema, and their conversion. The tool takes them as plain
 * JSON so that the input guardrail ({@link StrictArguments}) holds each one to {@link OperationInput}'s shape first,
 * with a message naming the operation and the field, rather than the extension's generic "unable to convert value";
 * then Jackson converts them, and the pipeline's rules check what they mean. As an input schema generator it
 * advertises the shape the generic generator would, with each operation's fields described.
 */
@ApplicationScoped
public class OperationArguments implements InputSchemaGenerator<JsonObject> {

    private static final TypeReference<List<OperationInput>> OPERATIONS = new TypeReference<>() {
    };

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

    /** The operations the guardrail let through, converted; an empty operation stays null for the rules to name. */
    List<OperationInput> read(List<Object> operations) {
        if (operations == null) {
            throw new InvalidChangesetException(List.of("operations: is missing"));
        }
        try {
            return json.convertValue(operations, OPERATIONS);
        } catch (IllegalArgumentException e) { // the guardrail checked the shape: this is a gap in it, said plainly
            throw new InvalidChangesetException(List.of("operations: do not match the tool's input schema"));
        }
    }
}
