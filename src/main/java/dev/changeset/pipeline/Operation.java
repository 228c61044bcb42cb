package dev.changeset.pipeline;

import java.math.BigDecimal;

/**
 * One change the assistant proposes, already checked for type and range. Operations name a product by SKU and
 * one of its fields; the sheet's current values are looked up at preview time.
 */
public sealed interface Operation {

    String sku();

    /** The field this operation writes; a changeset holds at most one operation per SKU and field. */
    Field field();

    /** The operation's name as the assistant writes it ({@code set_price}, ...). */
    String name();

    /** The product fields operations may write. */
    enum Field {
        PRICE, PROMOTION, INVENTORY
    }

    record SetPrice(String sku, BigDecimal price) implements Operation {
        public Field field() {
            return Field.PRICE;
        }

        public String name() {
            return "set_price";
        }
    }

    record SetPromotion(String sku, boolean active, BigDecimal percent) implements Operation {
        public Field field() {
            return Field.PROMOTION;
        }

        public String name() {
            return "set_promotion";
        }
    }

    /** A relative stock change; the preview turns it into an absolute target so a repeat cannot apply it twice. */
    record AdjustInventory(String sku, long delta) implements Operation {
        public Field field() {
            return Field.INVENTORY;
        }

        public String name() {
            return "adjust_inventory";
        }
    }

    record SetInventory(String sku, long quantity) implements Operation {
        public Field field() {
            return Field.INVENTORY;
        }

        public String name() {
            return "set_inventory";
        }
    }
}
