package dev.changeset.approval;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.changeset.text.Jcs;
import dev.changeset.text.Sha256;

/**
 * The RAR {@code authorization_details} of one approval: what the Guardian app shows (each operation with its old
 * and new value) and, hidden, the changeset id and {@code operations_hash}, the SHA-256 of the RFC 8785 canonical
 * JSON of exactly those operations. What the user approves is therefore what will run, and nothing else. The same
 * type carries the other things a person approves: mailing a receipt to other addresses ({@link #forMail}: each full
 * address) and turning user-state signals off ({@link #forSignalsOff}); their hash binds exactly that.
 * <p>
 * Shape: Auth0's Guardian app shows only one object of its own schema ({@code type}
 * {@code urn:auth0:schemas:authorization-details:v1:<name>}, an {@code instruction} and named {@code properties}
 * with {@code display}, {@code name}, {@code display_order}, {@code value}); the type must be registered on the API.
 * Auth0 also caps the parameter at 5 KB and a property value at 255 characters: a changeset that cannot be shown
 * whole is refused ({@link Unshowable}) rather than shown in part.
 */
public final class ApprovalDetails {

    /** The type to register on the API in Auth0 (Applications > APIs > Permissions > Authorization Details). */
    public static final String TYPE = "urn:auth0:schemas:authorization-details:v1:commerce-changeset";
    /** Auth0's limits on {@code authorization_details}. */
    static final int MAX_BYTES = 5 * 1024;
    static final int MAX_VALUE_LENGTH = 255;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Why these operations cannot be put in front of the approver. */
    public static final class Unshowable extends IllegalArgumentException {
        Unshowable(String message) {
            super(message);
        }
    }

    private final String json;
    private final String operationsHash;

    private ApprovalDetails(String json, String operationsHash) {
        this.json = json;
        this.operationsHash = operationsHash;
    }

    /**
     * The details for approving {@code items} of changeset {@code changesetId}, introduced by the binding message
     * the phone also shows.
     */
    public static ApprovalDetails of(String changesetId, String code, BindingMessage instruction,
            List<ApprovalItem> items) {
        if (changesetId == null || changesetId.isBlank() || changesetId.length() > MAX_VALUE_LENGTH) {
            throw new Unshowable("a changeset id of 1 to " + MAX_VALUE_LENGTH + " characters is required");
        }
        if (code == null || code.isBlank()) {
            throw new Unshowable("the changeset's code is required: the approver looks for it on the phone");
        }
        if (items == null || items.isEmpty()) {
            throw new Unshowable("an approval covers at least one operation");
        }
        ObjectNode properties = JSON.createObjectNode();
        properties.set("changeset", shown("Changeset", 1, code));
        for (int i = 0; i < items.size(); i++) {
            ApprovalItem item = items.get(i);
            properties.set("op_" + (i + 1), shown(item.sku() + " " + item.field(), i + 2, line(item)));
        }
        properties.set("changeset_id", hidden(changesetId));
        return sealed(instruction, properties, operationsHash(items), items.size() + " operations");
    }

    /**
     * The details of mailing receipt {@code receiptId} (of changeset {@code code}) to {@code recipients}: the
     * receipt, then every full address on a line of its own (each at most 254 characters, so always shown whole),
     * and, hidden, the request's id and the hash of exactly this receipt and recipient set
     * ({@link #mailHash}), which the approval must come back with.
     */
    public static ApprovalDetails forMail(String requestId, String code, String receiptId, BindingMessage instruction,
            List<String> recipients) {
        if (recipients == null || recipients.isEmpty()) {
            throw new Unshowable("a mail approval names at least one recipient");
        }
        ObjectNode properties = JSON.createObjectNode();
        properties.set("receipt", shown("Receipt", 1, code + " (" + receiptId + ")"));
        for (int i = 0; i < recipients.size(); i++) {
            properties.set("to_" + (i + 1), shown("To", i + 2, recipients.get(i)));
        }
        properties.set("request_id", hidden(requestId));
        return sealed(instruction, properties, mailHash(receiptId, recipients), recipients.size() + " recipients");
    }

    /** The details of turning the person's user-state signals off: what it changes, in words. */
    public static ApprovalDetails forSignalsOff(String requestId, BindingMessage instruction) {
        ObjectNode properties = JSON.createObjectNode();
        properties.set("change", shown("Change", 1, "User-state signals off: a stressed signal or a long session no"
                + " longer makes a change need your approval"));
        properties.set("request_id", hidden(requestId));
        return sealed(instruction, properties, hash(JSON.createObjectNode().put("signals", "off")
                .put("request", requestId)), "1 change");
    }

    /**
     * {@code sha256:<hex>} over the RFC 8785 canonical JSON {@code {"receipt":<id>,"to":[...]}} with the recipients in
     * lower case, sorted: the same for the same receipt and recipient set however the addresses were written.
     */
    public static String mailHash(String receiptId, List<String> recipients) {
        ObjectNode mail = JSON.createObjectNode().put("receipt", receiptId);
        ArrayNode to = mail.putArray("to");
        recipients.stream().map(r -> r.toLowerCase(Locale.ROOT)).distinct().sorted().forEach(to::add);
        return hash(mail);
    }

    /** The details with the hidden hash added, checked against Auth0's size limit. */
    private static ApprovalDetails sealed(BindingMessage instruction, ObjectNode properties, String hash,
            String what) {
        properties.set("operations_hash", hidden(hash));
        ObjectNode detail = JSON.createObjectNode().put("type", TYPE).put("instruction", instruction.text());
        detail.set("properties", properties);
        String json = JSON.createArrayNode().add(detail).toString();
        int bytes = json.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_BYTES) {
            throw new Unshowable(what + " need " + bytes + " bytes of authorization_details; Auth0 accepts at most "
                    + MAX_BYTES + ": split the changeset into smaller ones");
        }
        return new ApprovalDetails(json, hash);
    }

    /**
     * {@code sha256:<hex>} over the RFC 8785 canonical JSON of the operations, in their order: an array of
     * {@code {"sku","field","before","after","tier"}} objects, an empty cell being {@code null}.
     */
    public static String operationsHash(List<ApprovalItem> items) {
        ArrayNode array = JSON.createArrayNode();
        for (ApprovalItem item : items) {
            ObjectNode op = array.addObject();
            op.put("sku", item.sku()).put("field", item.field()).put("before", item.before())
                    .put("after", item.after()).put("tier", item.tier());
        }
        return hash(array);
    }

    private static String hash(JsonNode json) {
        return Sha256.tagged(Jcs.canonicalize(json.toString()));
    }

    /**
     * The {@code operations_hash} inside {@code authorization_details} as Auth0 echoed them on approval; empty when
     * they hold no object of {@link #TYPE} with a hash.
     */
    public static Optional<String> operationsHashIn(String authorizationDetailsJson) {
        return hiddenValueIn(authorizationDetailsJson, "operations_hash");
    }

    /** The changeset id inside echoed {@code authorization_details}, if any. */
    public static Optional<String> changesetIdIn(String authorizationDetailsJson) {
        return hiddenValueIn(authorizationDetailsJson, "changeset_id");
    }

    private static Optional<String> hiddenValueIn(String json, String property) {
        if (json == null || json.isBlank()) {
            return Optional.empty();
        }
        try {
            JsonNode array = JSON.readTree(json);
            if (!array.isArray()) {
                return Optional.empty();
            }
            for (JsonNode detail : array) {
                JsonNode value = detail.path("properties").path(property).path("value");
                if (TYPE.equals(detail.path("type").asText()) && value.isTextual()) {
                    return Optional.of(value.asText());
                }
            }
            return Optional.empty();
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    /** The JSON array to send as {@code authorization_details}. */
    public String json() {
        return json;
    }

    /** The hash of the operations these details show. */
    public String operationsHash() {
        return operationsHash;
    }

    private static ObjectNode shown(String name, int order, String value) {
        checkLength(name);
        checkLength(value);
        return JSON.createObjectNode().put("display", true).put("name", name).put("display_order", order)
                .put("value", value);
    }

    private static ObjectNode hidden(String value) {
        return JSON.createObjectNode().put("display", false).put("value", value);
    }

    private static String line(ApprovalItem item) {
        return shownValue(item.before()) + " -> " + shownValue(item.after()) + " (" + item.tier() + ")";
    }

    private static String shownValue(String cell) {
        return cell == null || cell.isEmpty() ? "(empty)" : cell;
    }

    private static void checkLength(String text) {
        if (text.length() > MAX_VALUE_LENGTH) {
            throw new Unshowable("'" + text.substring(0, 40) + "...' has " + text.length()
                    + " characters; Auth0 shows at most " + MAX_VALUE_LENGTH + " per line: it cannot be approved"
                    + " on the phone as it stands");
        }
    }

    @Override
    public String toString() {
        return "ApprovalDetails[" + operationsHash + "]";
    }
}
