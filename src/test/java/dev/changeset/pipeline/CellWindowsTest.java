package dev.changeset.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.changeset.catalog.CellRange;

/** Many cells read as one window per sheet, and each cell found again in what Sheets answers. */
class CellWindowsTest {

    @Test
    void one_window_per_sheet_however_many_cells() {
        List<String> cells = new ArrayList<>();
        for (int row = 2; row <= 501; row++) {
            cells.add("Products!A" + row);
            cells.add("Products!D" + row);
        }
        cells.add("'Launch Schedule'!C9");
        cells.add("'Launch Schedule'!AA3");
        assertEquals(List.of("Products!A2:D501", "'Launch Schedule'!C3:AA9"), CellWindows.ranges(cells));
    }

    @Test
    void cells_are_found_in_the_answer_from_the_windows_corner_with_trailing_blanks_left_out() {
        List<String> cells = List.of("Products!B5", "Products!D7", "Products!C6", "Products!D5", "Products!B8");
        assertEquals(List.of("Products!B5:D8"), CellWindows.ranges(cells));
        // rows 5..8, columns B..D; Sheets leaves out trailing empty cells and rows, keeps leading ones
        List<List<Object>> answer = List.of(List.of("SKU-5", "", "19.9"), List.of("", "x"), List.of("", "", true));
        Map<String, Object> values = CellWindows.values(cells, List.of(new CellRange("Products!B5:D8", answer)));
        assertEquals("SKU-5", values.get("Products!B5"));
        assertEquals("19.9", values.get("Products!D5"));
        assertEquals("x", values.get("Products!C6"));
        assertEquals(true, values.get("Products!D7"));
        assertNull(values.get("Products!B8"), "a trailing empty row is absent from the answer");
    }

    @Test
    void an_answer_with_another_number_of_ranges_is_refused() {
        assertThrows(IllegalStateException.class, () -> CellWindows.values(List.of("Products!A2"), List.of()));
        assertThrows(IllegalArgumentException.class, () -> CellWindows.ranges(List.of("Products!A2:B3")));
    }
}
