package dev.changeset.catalog;

import java.util.List;

/**
 * A range and its values as Sheets exchanges them: rows of cells, each a string, a number or a boolean (read with
 * {@code FORMULA} rendering, so a formula shows as its text starting with {@code =}).
 */
public record CellRange(String range, List<List<Object>> values) {
}
