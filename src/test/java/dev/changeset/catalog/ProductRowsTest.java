package dev.changeset.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** Columns found by header, and every kind of bad cell reported on its row instead of thrown. */
class ProductRowsTest {

    /** The defaults of {@link CatalogConfig.Products}, with the sheet's name. */
    record Columns(String sheet) implements CatalogConfig.Products {
        public String sku() { return "SKU"; }
        public String name() { return "Name"; }
        public String price() { return "Price"; }
        public String cost() { return "Cost"; }
        public String promotionActive() { return "Promo Active"; }
        public String promotionPercent() { return "Promo %"; }
        public String inventory() { return "Inventory"; }
        public String launchDate() { return "Launch Date"; }
    }

    static List<Object> row(Object... cells) {
        return new ArrayList<>(Arrays.asList(cells));
    }

    static ProductSheet parse(List<List<Object>> values) {
        return ProductRows.parse("sheet-id", new Columns("My Products"), values, Instant.EPOCH, "tvx-1");
    }

    @Test
    void columns_are_found_by_header_in_any_order_and_any_case() {
        ProductSheet sheet = parse(List.of(
                row("Inventory", "notes", " sku ", "NAME", "Cost", "Price", "Promo %", "Promo Active", "Launch Date"),
                row(new BigDecimal("12"), "x", "A-1", "Mug", new BigDecimal("4.5"), new BigDecimal("9.99"), "",
                        false, "2026-03-01")));
        Product p = sheet.products().get(0);
        assertEquals("A-1", p.sku());
        assertEquals(new BigDecimal("9.99"), p.price());
        assertEquals(12, p.inventory());
        assertEquals(LocalDate.of(2026, 3, 1), p.launchDate());
        assertNull(p.promotionPercent(), "blank is fine when no promotion runs");
        assertEquals("'My Products'!F2", p.cells().get("price"));
        assertEquals(List.of(), sheet.problems());
    }

    @Test
    void bad_cells_become_row_problems_and_null_fields() {
        List<List<Object>> values = new ArrayList<>();
        values.add(row("SKU", "Name", "Price", "Cost", "Promo Active", "Promo %", "Inventory", "Launch Date"));
        values.add(row("A-1", "Mug", "$1,299.00", "n/a", "yes", new BigDecimal("15"), new BigDecimal("2.5"), "TBD"));
        values.add(row("A-2", "", "=ROUND(D3*1.8,2)", new BigDecimal("3"), "TRUE", "", "", new BigDecimal("46000")));
        values.add(row("", "Orphan", new BigDecimal("1"), new BigDecimal("1"), true, 0, 1, ""));
        values.add(row());
        values.add(row("a-1", "Duplicate", new BigDecimal("1"), new BigDecimal("1"), true, 5, 1, ""));
        ProductSheet sheet = parse(values);
        assertEquals(List.of("A-1", "A-2", "a-1"), sheet.products().stream().map(Product::sku).toList());
        Product first = sheet.products().get(0);
        assertNull(first.price());
        assertNull(first.cost());
        assertNull(first.promotionActive());
        assertNull(first.inventory());
        assertNull(first.launchDate());
        assertEquals(new BigDecimal("15"), first.promotionPercent());
        assertEquals(LocalDate.of(2025, 12, 9), sheet.products().get(1).launchDate(), "a serial date");

        List<String> found = sheet.problems().stream().map(p -> p.row() + " " + p.field() + " " + p.found()).toList();
        assertEquals(List.of("2 price $1,299.00", "2 cost n/a", "2 promotionActive yes", "2 inventory 2.5",
                "2 launchDate TBD", "3 name null", "3 price =ROUND(D3*1.8,2)", "3 promotionPercent null",
                "3 inventory null", "4 sku null", "6 sku a-1"), found);
        assertTrue(sheet.problems().get(0).problem().contains("write it as 1299.00"));
        assertTrue(sheet.problems().get(6).problem().contains("never be overwritten"));
        assertTrue(sheet.problems().get(10).problem().contains("also on row 2"));
        assertEquals("'My Products'!C2", sheet.problems().get(0).cell());
    }

    @Test
    void a_missing_column_fails_the_read_naming_the_setting() {
        CatalogException e = assertThrows(CatalogException.class, () -> parse(List.of(
                row("SKU", "Name", "Price", "Cost", "Promo Active", "Promo %", "Stock", "Launch Date"))));
        assertEquals(CatalogException.Kind.SHEET_LAYOUT, e.kind());
        assertTrue(e.getMessage().contains("'Inventory' (changeset.catalog.products.inventory)"), e.getMessage());
        assertTrue(e.getMessage().contains("'Stock'"), e.getMessage());
        assertEquals(CatalogException.Kind.SHEET_LAYOUT, assertThrows(CatalogException.class,
                () -> parse(List.of())).kind());
    }

    @Test
    void matching_filters_by_sku_and_text() {
        ProductSheet sheet = parse(List.of(
                row("SKU", "Name", "Price", "Cost", "Promo Active", "Promo %", "Inventory", "Launch Date"),
                row("A-1", "Merino Sock", 1, 1, false, 0, 1, ""),
                row("B-2", "Wool Beanie", 1, 1, false, 0, 1, ""),
                row("C-3", "Merino Tee", 1, 1, false, 0, 1, "")));
        assertEquals(2, sheet.matching(Set.of(), "merino").size());
        assertEquals(1, sheet.matching(Set.of("b-2"), "").size());
        assertEquals(1, sheet.matching(Set.of("A-1", "B-2"), "sock").size());
    }
}
