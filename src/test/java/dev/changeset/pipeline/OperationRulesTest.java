package dev.changeset.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class OperationRulesTest {

    static final PipelineConfig LIMITS = new PipelineConfig() {
        public int maxOperations() { return 500; }
        public BigDecimal priceCeiling() { return new BigDecimal("100000"); }
        public long inventoryCeiling() { return 10_000_000; }
        public String skuPattern() { return "[A-Za-z0-9][A-Za-z0-9._-]{0,63}"; }
        public int maxNoteLength() { return 500; }
        public Duration previewValidity() { return Duration.ofMinutes(30); }
        public int maxOpenPreviews() { return 20; }
        public Duration previewPurgeInterval() { return Duration.ofMinutes(5); }
        public Duration watchRecheck() { return Duration.ofSeconds(1); }
        public boolean callerTokenFallback() { return true; }
        public Duration executionLease() { return Duration.ofSeconds(60); }
        public Duration writeLockWait() { return Duration.ofSeconds(30); }
        public Duration approvalValidity() { return Duration.ofHours(1); }
        public Duration unknownWriteSettle() { return Duration.ofSeconds(20); }
        public Duration pauseAfterWrite() { return Duration.ZERO; }
    };

    final OperationRules rules = new OperationRules(LIMITS);

    static OperationInput price(String sku, String price) {
        return new OperationInput("set_price", sku, price == null ? null : new BigDecimal(price), null, null, null, null);
    }

    @Test
    void valid_operations_become_typed_operations() {
        List<Operation> ops = rules.check(List.of(price("SKU-1", "12.50"),
                new OperationInput("set_promotion", "SKU-1", null, true, new BigDecimal("15"), null, null),
                new OperationInput("adjust_inventory", "SKU-2", null, null, null, new BigDecimal("-5"), null),
                new OperationInput("set_inventory", "SKU-3", null, null, null, null, new BigDecimal("0"))));
        assertEquals(List.of(new Operation.SetPrice("SKU-1", new BigDecimal("12.50")),
                new Operation.SetPromotion("SKU-1", true, new BigDecimal("15")),
                new Operation.AdjustInventory("SKU-2", -5),
                new Operation.SetInventory("SKU-3", 0)), ops);
    }

    @ParameterizedTest(name = "{0} {1} {2} -> {3}")
    @CsvSource(delimiter = '|', value = {
            "set_price|SKU-1|0|field price: must be above 0",
            "set_price|SKU-1|-3|field price: must be above 0",
            "set_price|SKU-1|1.005|field price: at most 2 decimals",
            "set_price|SKU-1|100000|field price: must be below 100000",
            "set_price|SKU-1|1E+400|field price: must be below 100000",
            "set_price|SKU\u0000X|5|field sku: 'SKU?X' is not a valid SKU",
            "set_price|SKU‐1|5|is not a valid SKU", // a unicode hyphen look-alike
            "set_price||5|field sku: is missing",
            "drop_table|SKU-1|5|field op: 'drop_table' is not an operation" })
    void each_bad_field_is_named(String op, String sku, String price, String expected) {
        OperationInput input = new OperationInput(op, sku == null || sku.isEmpty() ? null : sku,
                new BigDecimal(price), null, null, null, null);
        InvalidChangesetException e = assertThrows(InvalidChangesetException.class, () -> rules.check(List.of(input)));
        assertTrue(e.getMessage().contains("operation 1"), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void inventory_must_be_whole_and_not_coerced() {
        InvalidChangesetException e = assertThrows(InvalidChangesetException.class, () -> rules.check(List.of(
                new OperationInput("adjust_inventory", "SKU-1", null, null, null, new BigDecimal("1.5"), null),
                new OperationInput("set_inventory", "SKU-2", null, null, null, null, new BigDecimal("-1")),
                new OperationInput("adjust_inventory", "SKU-3", null, null, null, BigDecimal.ZERO, null))));
        assertEquals(3, e.problems().size(), e.problems().toString());
        assertTrue(e.problems().get(0).contains("field delta: must be a whole number, got 1.5"));
        assertTrue(e.problems().get(1).contains("field quantity: must be 0 or more, got -1"));
        assertTrue(e.problems().get(2).contains("field delta: 0 changes nothing"));
    }

    @Test
    void promotion_percent_is_0_to_90() {
        InvalidChangesetException e = assertThrows(InvalidChangesetException.class, () -> rules.check(List.of(
                new OperationInput("set_promotion", "SKU-1", null, true, new BigDecimal("90.01"), null, null),
                new OperationInput("set_promotion", "SKU-2", null, null, new BigDecimal("10"), null, null))));
        assertTrue(e.problems().get(0).contains("field percent: must be 0 to 90, got 90.01"), e.problems().toString());
        assertTrue(e.problems().get(1).contains("field active: is missing"), e.problems().toString());
        assertEquals(List.of(new Operation.SetPromotion("SKU-3", false, BigDecimal.ZERO)), rules.check(List.of(
                new OperationInput("set_promotion", "SKU-3", null, false, null, null, null))));
    }

    @Test
    void one_operation_per_sku_and_field() {
        InvalidChangesetException e = assertThrows(InvalidChangesetException.class, () -> rules.check(List.of(
                new OperationInput("adjust_inventory", "SKU-1", null, null, null, BigDecimal.ONE, null),
                new OperationInput("set_inventory", "SKU-1", null, null, null, null, BigDecimal.TEN))));
        assertEquals(1, e.problems().size());
        assertTrue(e.problems().get(0).startsWith("operation 2 (set_inventory SKU-1): a second operation on the inventory"));
    }

    @Test
    void fields_of_another_operation_are_refused() {
        InvalidChangesetException e = assertThrows(InvalidChangesetException.class, () -> rules.check(List.of(
                new OperationInput("set_price", "SKU-1", BigDecimal.TEN, null, null, BigDecimal.ONE, null))));
        assertTrue(e.getMessage().contains("field delta: does not belong to this operation"), e.getMessage());
    }

    @Test
    void at_most_500_operations_and_at_least_one() {
        List<OperationInput> many = new ArrayList<>();
        for (int i = 0; i < 501; i++) {
            many.add(price("SKU-" + i, "10"));
        }
        assertTrue(assertThrows(InvalidChangesetException.class, () -> rules.check(many)).getMessage()
                .contains("501 operations is more than the 500"));
        assertEquals(500, rules.check(many.subList(0, 500)).size());
        assertTrue(assertThrows(InvalidChangesetException.class, () -> rules.check(List.of())).getMessage()
                .contains("at least one operation"));
    }
}
