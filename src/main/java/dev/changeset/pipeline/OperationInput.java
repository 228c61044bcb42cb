package dev.changeset.pipeline;

import java.math.BigDecimal;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * One operation as an assistant sends it in {@code preview_changeset}: {@code op} (an {@link OperationName}'s wire
 * name) says which other fields apply. The tool's input guardrail holds the JSON to this shape, Jackson converts it,
 * and {@link OperationRules} checks what it means. Numbers arrive as decimals and are checked by the rules, not
 * coerced (a fractional stock delta is an error, not truncated).
 */
public record OperationInput(
        @JsonProperty(required = true)
        @JsonPropertyDescription("One of " + OperationName.ALL + ".") String op,
        @JsonProperty(required = true)
        @JsonPropertyDescription("The product's SKU exactly as in the catalog.") String sku,
        @JsonPropertyDescription("set_price only: the new price, above 0, at most 2 decimals.") BigDecimal price,
        @JsonPropertyDescription("set_promotion only: whether the promotion is active.") Boolean active,
        @JsonPropertyDescription("set_promotion only: the discount in percent, 0 to "
                + OperationName.MAX_PROMOTION_PERCENT + " (0 when inactive).") BigDecimal percent,
        @JsonPropertyDescription("adjust_inventory only: units to add, negative to remove; a whole number.") BigDecimal delta,
        @JsonPropertyDescription("set_inventory only: the new stock level; a whole number, 0 or more.") BigDecimal quantity) {
}
