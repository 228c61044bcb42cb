package dev.changeset.mcp;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.changeset.audit.Receipt;
import dev.changeset.audit.ReceiptLog;
import io.quarkiverse.mcp.server.GlobalOutputSchemaGenerator;
import io.quarkiverse.mcp.server.OutputSchemaGenerator;

/**
 * What {@code get_receipt} answers: the receipt as sealed, every field in place, plus {@code revertedBy}, the
 * receipts that name it in their {@code reverts} (a lookup beside the receipt, never part of it: the receipt's bytes
 * and hash never change). As an output schema generator it advertises the receipt's schema with that one property
 * added.
 */
@ApplicationScoped
public class ReceiptAnswer implements OutputSchemaGenerator {

    static final String REVERTED_BY = "revertedBy";

    private final GlobalOutputSchemaGenerator shapes;
    private final ObjectMapper json;

    ReceiptAnswer(GlobalOutputSchemaGenerator shapes, ObjectMapper json) {
        this.shapes = shapes;
        this.json = json;
    }

    ObjectNode of(Receipt receipt, List<ReceiptLog.Summary> revertedBy) {
        ObjectNode answer = json.valueToTree(receipt);
        answer.set(REVERTED_BY, json.valueToTree(revertedBy));
        return answer;
    }

    @Override
    public Object generate(Class<?> from) {
        ObjectNode schema = json.valueToTree(shapes.generate(from)).deepCopy();
        ObjectNode revertedBy = schema.withObject("/properties").putObject(REVERTED_BY);
        revertedBy.put("type", "array");
        revertedBy.put("description", "The receipts that name this one in their reverts (who reverted it, or tried"
                + " to), oldest first; only those you may read.");
        revertedBy.set("items", json.<JsonNode>valueToTree(shapes.generate(ReceiptLog.Summary.class)));
        return schema;
    }
}
