package dev.changeset.approval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

class ApprovalDetailsTest {

    static final List<ApprovalItem> ITEMS = List.of(
            new ApprovalItem("SKU-1001", "price", "19.99", "17.99", "T2"),
            new ApprovalItem("SKU-1002", "promotion", null, "Spring -10%", "T2"),
            new ApprovalItem("SKU-1003", "stock", "40", "0", "T2"));

    @Test
    void operations_hash_is_sha256_over_the_rfc8785_canonical_operations() throws Exception {
        // The canonical form written out by hand: keys sorted, no spaces, null for an empty cell.
        String canonical = "[{\"after\":\"17.99\",\"before\":\"19.99\",\"field\":\"price\",\"sku\":\"SKU-1001\","
                + "\"tier\":\"T2\"},{\"after\":\"Spring -10%\",\"before\":null,\"field\":\"promotion\","
                + "\"sku\":\"SKU-1002\",\"tier\":\"T2\"},{\"after\":\"0\",\"before\":\"40\",\"field\":\"stock\","
                + "\"sku\":\"SKU-1003\",\"tier\":\"T2\"}]";
        String expected = "sha256:" + HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)));
        assertEquals(expected, ApprovalDetails.operationsHash(ITEMS));
    }

    @Test
    void the_hash_is_stable_and_changes_with_any_operation() {
        String hash = ApprovalDetails.operationsHash(ITEMS);
        assertEquals(hash, ApprovalDetails.operationsHash(new ArrayList<>(ITEMS)));
        List<ApprovalItem> otherPrice = new ArrayList<>(ITEMS);
        otherPrice.set(0, new ApprovalItem("SKU-1001", "price", "19.99", "17.98", "T2"));
        assertNotEquals(hash, ApprovalDetails.operationsHash(otherPrice));
        List<ApprovalItem> reordered = List.of(ITEMS.get(1), ITEMS.get(0), ITEMS.get(2));
        assertNotEquals(hash, ApprovalDetails.operationsHash(reordered));
        List<ApprovalItem> emptyInsteadOfNull = new ArrayList<>(ITEMS);
        emptyInsteadOfNull.set(1, new ApprovalItem("SKU-1002", "promotion", "", "Spring -10%", "T2"));
        assertNotEquals(hash, ApprovalDetails.operationsHash(emptyInsteadOfNull));
        assertNotEquals(hash, ApprovalDetails.operationsHash(ITEMS.subList(0, 2)));
    }

    @Test
    void details_show_every_operation_in_the_guardian_schema_and_hide_the_hash() {
        BindingMessage message = BindingMessage.forChangeset("CS-7F3K", 3, "T2");
        ApprovalDetails details = ApprovalDetails.of("cs-42", "CS-7F3K", message, ITEMS);
        JsonArray array = new JsonArray(details.json());
        assertEquals(1, array.size());
        JsonObject detail = array.getJsonObject(0);
        assertEquals(ApprovalDetails.TYPE, detail.getString("type"));
        assertEquals("Approve CS-7F3K: 3 changes, max T2", detail.getString("instruction"));
        JsonObject properties = detail.getJsonObject("properties");
        assertEquals(new JsonObject().put("display", true).put("name", "SKU-1001 price").put("display_order", 2)
                .put("value", "19.99 -> 17.99 (T2)"), properties.getJsonObject("op_1"));
        assertEquals("(empty) -> Spring -10% (T2)", properties.getJsonObject("op_2").getString("value"));
        assertEquals(false, properties.getJsonObject("operations_hash").getBoolean("display"));
        assertEquals(Optional.of(details.operationsHash()), ApprovalDetails.operationsHashIn(details.json()));
        assertEquals(Optional.of("cs-42"), ApprovalDetails.changesetIdIn(details.json()));
        assertEquals(Optional.empty(), ApprovalDetails.operationsHashIn("[{\"type\":\"other\"}]"));
        assertEquals(Optional.empty(), ApprovalDetails.operationsHashIn("not json"));
    }

    @Test
    void operations_that_cannot_be_shown_whole_are_refused_not_cut() {
        BindingMessage message = BindingMessage.forChangeset("CS-1", 1, "T2");
        ApprovalItem huge = new ApprovalItem("SKU-1", "description", "old", "x".repeat(300), "T2");
        ApprovalDetails.Unshowable tooLong = assertThrows(ApprovalDetails.Unshowable.class,
                () -> ApprovalDetails.of("cs-1", "CS-1", message, List.of(huge)));
        assertTrue(tooLong.getMessage().contains("at most 255"), tooLong.getMessage());
        List<ApprovalItem> many = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            many.add(new ApprovalItem("SKU-" + (10000 + i), "price", "19.99", "18.99", "T2"));
        }
        ApprovalDetails.Unshowable tooMany = assertThrows(ApprovalDetails.Unshowable.class,
                () -> ApprovalDetails.of("cs-1", "CS-1", message, many));
        assertTrue(tooMany.getMessage().contains("split the changeset"), tooMany.getMessage());
        assertTrue(ApprovalDetails.of("cs-1", "CS-1", message, many.subList(0, 30)).json().length() <= 5 * 1024,
                "a 30-operation changeset fits");
        assertThrows(ApprovalDetails.Unshowable.class, () -> ApprovalDetails.of("cs-1", "CS-1", message, List.of()));
    }

    @Test
    void mail_details_show_every_full_address_and_bind_the_receipt_and_recipient_set() {
        BindingMessage message = BindingMessage.forMail("CS-D695", List.of("example.com", "xn--bcher-kva.example"));
        List<String> to = List.of("bob@example.com", "ana@xn--bcher-kva.example");
        ApprovalDetails details = ApprovalDetails.forMail("mail-1", "CS-D695", "r-42", message, to);
        JsonObject detail = new JsonArray(details.json()).getJsonObject(0);
        assertEquals(ApprovalDetails.TYPE, detail.getString("type"));
        assertEquals("Mail receipt CS-D695 to example.com, xn--bcher-kva.example", detail.getString("instruction"));
        JsonObject properties = detail.getJsonObject("properties");
        assertEquals(new JsonObject().put("display", true).put("name", "Receipt").put("display_order", 1)
                .put("value", "CS-D695 (r-42)"), properties.getJsonObject("receipt"));
        assertEquals(new JsonObject().put("display", true).put("name", "To").put("display_order", 2)
                .put("value", "bob@example.com"), properties.getJsonObject("to_1"));
        assertEquals("ana@xn--bcher-kva.example", properties.getJsonObject("to_2").getString("value"));
        assertEquals(false, properties.getJsonObject("request_id").getBoolean("display"));
        assertEquals(Optional.of(details.operationsHash()), ApprovalDetails.operationsHashIn(details.json()));
        // the same set however it is written; another set or receipt is another approval
        assertEquals(details.operationsHash(), ApprovalDetails.mailHash("r-42",
                List.of("ANA@xn--bcher-kva.example", "bob@EXAMPLE.com")));
        assertNotEquals(details.operationsHash(), ApprovalDetails.mailHash("r-42", List.of("bob@example.com")));
        assertNotEquals(details.operationsHash(), ApprovalDetails.mailHash("r-43", to));
    }

    @Test
    void signals_off_details_say_what_changes() {
        ApprovalDetails details = ApprovalDetails.forSignalsOff("signals-1", BindingMessage.forSignalsOff());
        JsonObject detail = new JsonArray(details.json()).getJsonObject(0);
        assertEquals("Turn user-state signals off: fewer approvals", detail.getString("instruction"));
        assertTrue(detail.getJsonObject("properties").getJsonObject("change").getString("value")
                .startsWith("User-state signals off"), detail.encode());
        assertNotEquals(details.operationsHash(), ApprovalDetails.forSignalsOff("signals-2",
                BindingMessage.forSignalsOff()).operationsHash());
    }
}
