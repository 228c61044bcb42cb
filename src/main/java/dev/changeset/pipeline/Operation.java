package dev.changeset.pipeline;

import java.math.BigDecimal;

/**
 * One change the assistant proposes, already checked for type and range. Operations name a product by SKU and
 * one of its fields; the sheet's current values are looked up at preview time.
 */
public sealed interface Operation {

    String sku();

    /** Which operation this is. */
    OperationName kind();

    /** The field this operation writes; a changeset holds at most one operation per SKU and field. */
    default Field field() {
        return kind().field();
    }

    /** The operation's name as the assistant writes it ({@code set_price}, ...). */
    default String name() {
        return kind().wire();
    }

    /** The product fields operations may write. */
    enum Field {
        PRICE, PROMOTION, INVENTORY
    }

    record SetPrice(String sku, BigDecimal price) implements Operation {
        public OperationName kind() {
            return OperationName.SET_PRICE;
        }
    }

    record SetPromotion(String sku, boolean active, BigDecimal percent) implements Operation {
        public OperationName kind() {
            return OperationName.SET_PROMOTION;
        }
    }

    /** A relative stock change; the preview turns it into an absolute target so a repeat cannot apply it twice. */
    record AdjustInventory(String sku, long delta) implements Operation {
        public OperationName kind() {
            return OperationName.ADJUST_INVENTORY;
        }
    }

    record SetInventory(String sku, long quantity) implements Operation {
        public OperationName kind() {
            return OperationName.SET_INVENTORY;
        }
    }
}
