package dev.changeset.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The operations' wire names live in OperationName alone; its constant for annotations lists exactly them. */
class OperationNameTest {

    @Test
    void theListForDescriptionsAndMessagesIsTheEnumsWireNamesInOrder() {
        assertEquals(Arrays.stream(OperationName.values()).map(OperationName::wire).collect(Collectors.joining(", ")),
                OperationName.ALL);
        assertEquals("set_price, set_promotion, adjust_inventory, set_inventory", OperationName.ALL);
    }

    @ParameterizedTest
    @EnumSource(OperationName.class)
    void aWireNameReadsBackAsItsOperation(OperationName name) {
        assertEquals(Optional.of(name), OperationName.of(name.wire()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"SET_PRICE", "Set_Price", "set_price ", "setPrice", "price", ""})
    void onlyTheExactWireNameIsAnOperation(String wire) {
        assertEquals(Optional.empty(), OperationName.of(wire));
    }

    @Test
    void eachOperationWritesItsField() {
        assertEquals(Operation.Field.PRICE, new Operation.SetPrice("A-1", BigDecimal.ONE).field());
        assertEquals(Operation.Field.PROMOTION,
                new Operation.SetPromotion("A-1", true, BigDecimal.TEN).field());
        assertEquals(Operation.Field.INVENTORY, new Operation.AdjustInventory("A-1", 3).field());
        assertEquals(Operation.Field.INVENTORY, new Operation.SetInventory("A-1", 3).field());
        assertEquals("adjust_inventory", new Operation.AdjustInventory("A-1", 3).name());
    }
}
