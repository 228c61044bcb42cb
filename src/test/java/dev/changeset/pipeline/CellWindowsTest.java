package dev.changeset.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.changeset.catalog.CellRange;

/** Many cells read as few bands of rows, never the rows between far-apart cells, and found again in the answer. */
class CellWindowsTest {

    @Test
    void consecutive_rows_share_one_window_and_far_apart_rows_do_not() {
        List<String> cells = new ArrayList<>();
        for (int row = 2; row <= 501; row++) {
            cells.add("Products!A" + row);
            cells.add("Products!D" + row);
        }
        cells.add("'Launch Schedule'!C9");
        cells.add("'Launch Schedule'!AA3");
        assertEquals(List.of("Products!A2:D501", "'Launch Schedule'!C3:AA3", "'Launch Schedule'!C9:AA9"),
                CellWindows.ranges(cells));
    }

    @Test
    void one_row_of_fifty_thousand_reads_that_row_and_a_hundred_scattered_rows_stay_within_the_url_budget() {
        assertEquals(List.of("Products!A40000:D40000"), CellWindows.ranges(List.of("Products!A40000",
                "Products!D40000")));
        List<String> cells = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            int row = 2 + (int) ((i * 7919L) % 50_000); // 100 rows spread over 50,000
            cells.add("Products!A" + row);
            cells.add("Products!D" + row);
        }
        List<String> ranges = CellWindows.ranges(cells);
        int urlBytes = ranges.stream().mapToInt(r -> "&ranges=".length()
                + java.net.URLEncoder.encode(r, java.nio.charset.StandardCharsets.UTF_8).length()).sum();
        assertTrue(urlBytes <= dev.changeset.catalog.RowBands.URL_BUDGET, urlBytes + " bytes: " + ranges);
        int rowsRead = CellWindows.cover(cells).stream().mapToInt(w -> w.bottom() - w.top() + 1).sum();
        // evenly spread rows are the worst case: the bands merged to fit the URL (below the 2,048 characters at
        // which the Google client turns a GET into a POST) each read the ~500 rows between them
        assertTrue(rowsRead >= 100 && rowsRead < 40_000, "merging the closest bands reads rows between, not the"
                + " whole sheet: " + rowsRead);
        // every cell is found again, at its own place in its window
        List<CellRange> answer = CellWindows.cover(cells).stream().map(w -> {
            List<List<Object>> rows = new ArrayList<>();
            for (int r = w.top(); r <= w.bottom(); r++) {
                rows.add(List.of("SKU-" + r, "", "", r + ".5"));
            }
            return new CellRange(w.a1(), rows);
        }).toList();
        Map<String, Object> values = CellWindows.values(cells, answer);
        for (String cell : cells) {
            String row = cell.substring("Products!A".length());
            assertEquals(cell.startsWith("Products!A") ? "SKU-" + row : row + ".5", values.get(cell), cell);
        }
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
