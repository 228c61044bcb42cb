package dev.changeset.catalog;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A cell that did not read as its column's type, reported with its row instead of failing the read.
 *
 * @param row the sheet row (1-based)
 * @param sku the row's SKU, when it has one
 * @param field the field key ({@code price}), or null for a problem with the whole row
 * @param cell the A1 address of the cell
 * @param found the cell's content as read (a formula shows as its text), or null when blank
 * @param problem what is wrong and how to fix it
 */
@JsonInclude(JsonInclude.Include.NON_NULL) // absent, not null: clients check the output schema
public record RowProblem(int row, String sku, String field, String cell, String found, String problem) {
}
