package dev.changeset.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

import dev.changeset.text.Jcs;
import dev.changeset.text.Sha256;
import org.erdtman.jcs.NumberToJSON;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 8785's own test vectors against the canonicalizer we use, and a receipt against a second canonicalizer. */
class CanonicalJsonTest {

    /** RFC 8785 Appendix B: IEEE-754 bit patterns and their ECMAScript serialization. */
    @ParameterizedTest
    @CsvSource({
            "0000000000000000, 0",
            "8000000000000000, 0",
            "0000000000000001, 5e-324",
            "8000000000000001, -5e-324",
            "7fefffffffffffff, 1.7976931348623157e+308",
            "ffefffffffffffff, -1.7976931348623157e+308",
            "4340000000000000, 9007199254740992",
            "c340000000000000, -9007199254740992",
            "4430000000000000, 295147905179352830000",
            "44b52d02c7e14af5, 9.999999999999997e+22",
            "44b52d02c7e14af6, 1e+23",
            "44b52d02c7e14af7, 1.0000000000000001e+23",
            "444b1ae4d6e2ef4e, 999999999999999700000",
            "444b1ae4d6e2ef4f, 999999999999999900000",
            "444b1ae4d6e2ef50, 1e+21",
            "3eb0c6f7a0b5ed8c, 9.999999999999997e-7",
            "3eb0c6f7a0b5ed8d, 0.000001",
            "41b3de4355555553, 333333333.3333332",
            "41b3de4355555554, 333333333.33333325",
            "41b3de4355555555, 333333333.3333333",
            "41b3de4355555556, 333333333.3333334",
            "41b3de4355555557, 333333333.33333343",
            "becbf647612f3696, -0.0000033333333333333333",
            "43143ff3c1cb0959, 1424953923781206.2" })
    void numbers_serialize_as_ecmascript_does(String ieee, String expected) throws Exception {
        double value = Double.longBitsToDouble(HexFormat.fromHexDigitsToLong(ieee));
        assertEquals(expected, NumberToJSON.serializeNumber(value));
    }

    @Test
    void nan_and_infinity_are_refused() {
        assertThrows(Exception.class, () -> NumberToJSON.serializeNumber(Double.NaN));
        assertThrows(Exception.class, () -> NumberToJSON.serializeNumber(Double.POSITIVE_INFINITY));
    }

    /** RFC 8785 section 3.2.2's example: numbers, string escapes, literals, and member order. */
    @Test
    void the_rfc_example_canonicalizes_to_the_rfc_output() {
        String input = """
                {
                  "numbers": [333333333.33333329, 1E30, 4.50,
                              2e-3, 0.000000000000000000000000001],
                  "string": "\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\"\\/",
                  "literals": [null, true, false]
                }""";
        assertEquals("{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],"
                + "\"string\":\"\u20ac$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}", Jcs.canonicalize(input));
    }

    /** RFC 8785 section 3.2.3: members sorted by UTF-16 code units, not by code points or UTF-8 bytes. */
    @Test
    void members_sort_by_utf16_code_units() throws Exception {
        String input = """
                {"\\u20ac":"Euro Sign","\\r":"Carriage Return","\\ufb33":"Hebrew Letter Dalet With Dagesh",
                 "1":"One","\\ud83d\\ude00":"Emoji: Grinning Face","\\u0080":"Control",
                 "\\u00f6":"Latin Small Letter O With Diaeresis"}""";
        String expected = "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\","
                + "\"\u00f6\":\"Latin Small Letter O With Diaeresis\",\"\u20ac\":\"Euro Sign\","
                + "\"\ud83d\ude00\":\"Emoji: Grinning Face\",\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\"}";
        assertEquals(expected, Jcs.canonicalize(input));
        assertEquals(expected, IndependentCanonicalizer.canonicalize(input));
    }

    @Test
    void a_receipt_hashes_the_same_through_the_second_canonicalizer() throws Exception {
        Receipt receipt = sample().seal("7d3c2f4e-1111-4a5b-9c3d-000000000001", 3,
                Instant.parse("2026-03-01T10:00:05.123456Z"), "a".repeat(64));
        String json = CanonicalJson.of(receipt);
        assertEquals(IndependentCanonicalizer.canonicalize(json), json);
        assertEquals(Sha256.hex(IndependentCanonicalizer.canonicalize(json)),
                Sha256.hex(json));
        assertTrue(json.startsWith("{\"approval\":{"), json);
        assertTrue(json.contains("\"previousHash\":\"" + "a".repeat(64) + "\""), json);
        assertTrue(json.contains("\"sealed\":\"2026-03-01T10:00:05.123Z\""), json);
        assertTrue(json.contains("\"version\":\"receipt/v2\""), json);
        assertFalse(json.contains("\"reverts\""), "not a revert: no reverts field at all: " + json);
        assertFalse(json.contains("\"hash\""), "the hash is not part of what it hashes: " + json);
        assertFalse(json.contains("auth-req-secret"), "the clear auth_req_id never reaches a receipt");
        assertFalse(json.contains("\"executed\""), "absent parts are omitted, not null: " + json);
        Receipt back = CanonicalJson.read(json, "f".repeat(64));
        assertEquals(receipt.withHash("f".repeat(64)), back);
    }

    /** A receipt sealed before reverts existed, its bytes as the receipt/v1 code wrote them (hash computed then). */
    static final String V1_JSON = "{\"changesetCode\":\"CS-7F3K\",\"changesetId\":\"cs-0001\",\"client\":"
            + "\"sandbox-assistant\",\"delegation\":[{\"calls\":[{\"count\":1,\"durationMillis\":80,\"method\":"
            + "\"values.batchUpdate\"}],\"googleScopes\":[\"https://www.googleapis.com/auth/spreadsheets\"],\"role\":"
            + "\"WRITER\",\"subjectTokenSource\":\"caller\",\"tokenExchangeId\":\"tvx-1\"}],\"notes\":[],"
            + "\"operations\":[{\"changes\":[{\"after\":\"24.99\",\"before\":\"19.99\",\"field\":\"price\"}],"
            + "\"escalationReasons\":[],\"reason\":\"price +25%\",\"rulesFired\":[\"price-move\"],\"sku\":"
            + "\"SKU-001\",\"tier\":\"T2\",\"verified\":true}],\"outcome\":\"SEALED\",\"previousHash\":\""
            + "a".repeat(64) + "\",\"receiptId\":\"7d3c2f4e-1111-4a5b-9c3d-000000000001\",\"sequence\":3,"
            + "\"subject\":\"auth0|alice\",\"timestamps\":{\"created\":\"2026-03-01T10:00:00Z\",\"decided\":"
            + "\"2026-03-01T10:00:04Z\",\"executed\":\"2026-03-01T10:00:05Z\",\"sealed\":"
            + "\"2026-03-01T10:00:05.123Z\"},\"verification\":{\"mismatches\":[],\"ok\":true},\"version\":"
            + "\"receipt/v1\"}";
    static final String V1_HASH = "ca433e91ddcf5d6e4d8768f2543e9f51fe062e3a56d0c91c38ad43ab8b05b119";

    @Test
    void a_receipt_sealed_as_v1_reads_without_reverts_and_its_bytes_still_hash_to_its_hash() {
        assertEquals(V1_HASH, Sha256.hex(V1_JSON));
        Receipt v1 = CanonicalJson.read(V1_JSON, V1_HASH);
        assertEquals("receipt/v1", v1.version());
        assertEquals(null, v1.reverts());
        assertTrue(new StoredReceipt(v1, V1_JSON).intact());
        assertEquals(V1_JSON, CanonicalJson.of(v1), "read back and written again, a v1 receipt is the same bytes");
    }

    @Test
    void a_revert_receipt_names_the_receipt_it_reverts_inside_the_hashed_bytes() {
        Receipt revert = ReceiptDraft.builder("cs-0002", "CS-8G4M", Outcome.SEALED, "auth0|alice",
                Instant.parse("2026-03-02T10:00:00Z")).reverts("7d3c2f4e-1111-4a5b-9c3d-000000000001").build()
                .seal("7d3c2f4e-1111-4a5b-9c3d-000000000002", 4, Instant.parse("2026-03-02T10:00:01Z"), V1_HASH);
        String json = CanonicalJson.of(revert);
        assertTrue(json.contains("\"reverts\":\"7d3c2f4e-1111-4a5b-9c3d-000000000001\""), json);
        String other = CanonicalJson.of(new Receipt(revert.version(), revert.receiptId(), revert.sequence(),
                revert.changesetId(), revert.changesetCode(), revert.outcome(), revert.subject(), revert.client(),
                revert.timestamps(), revert.operations(), revert.approval(), revert.delegation(),
                revert.verification(), revert.notes(), "another-receipt", revert.previousHash(), null));
        assertNotEquals(Sha256.hex(json), Sha256.hex(other), "reverts is hashed");
        assertEquals("7d3c2f4e-1111-4a5b-9c3d-000000000001", CanonicalJson.read(json, "f".repeat(64)).reverts());
    }

    static ReceiptDraft sample() {
        Instant created = Instant.parse("2026-03-01T10:00:00Z");
        return ReceiptDraft.builder("cs-0001", "CS-7F3K", Outcome.DENIED, "auth0|alice", created)
                .client("sandbox-assistant")
                .decidedAt(created.plusSeconds(4))
                .operation(new Receipt.Operation("SKU-001",
                        List.of(new Receipt.FieldChange("price", "19.99", "24.99")), "T2",
                        List.of("price-move-over-10-percent", "write-is-at-least-t1"), "price +25% (> 10%)",
                        List.of(), null))
                .approval(Receipt.Approval.of("auth-req-secret", "DENIED",
                        List.of(new Receipt.Approver("auth0|alice", "DENIED")), created.plusSeconds(1),
                        created.plusSeconds(4)))
                .delegation(new Receipt.Delegation(Receipt.Role.READER,
                        List.of("https://www.googleapis.com/auth/spreadsheets.readonly"), "tx-1", "caller", 42L,
                        List.of(new Receipt.ApiCall("spreadsheets.values.batchGet", 1, 80L))))
                .note("denied on the phone \"quickly\" \u00e9\n")
                .build();
    }
}
