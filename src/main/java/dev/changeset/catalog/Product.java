package dev.changeset.catalog;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One product row as read. A value is null when its cell did not parse (the sheet's {@code problems} say why) or,
 * for the promotion percent and launch date, when the cell is blank.
 *
 * @param row the sheet row (1-based) the product was read from
 * @param cells the A1 address of each field's cell, by field key ({@code price -> Products!D7})
 */
@JsonInclude(JsonInclude.Include.NON_NULL) // absent, not null: clients check the output schema
public record Product(int row, String sku, String name, BigDecimal price, BigDecimal cost, Boolean promotionActive,
        BigDecimal promotionPercent, Integer inventory, LocalDate launchDate, Map<String, String> cells) {
}
