package dev.changeset.catalog;

import java.time.LocalDate;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One row of the launch schedule. {@code date} is null when its cell did not parse (see the schedule's problems).
 *
 * @param row the sheet row (1-based)
 * @param cells the A1 address of each column's cell, by key ({@code date}, {@code sku}, ...)
 */
@JsonInclude(JsonInclude.Include.NON_NULL) // absent, not null: clients check the output schema
public record LaunchEntry(int row, LocalDate date, String sku, String channel, String campaign, String status,
        Map<String, String> cells) {
}
