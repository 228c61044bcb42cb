package dev.changeset.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** A1 ranges, typed input and formulas, as the emulator reads them. */
class A1RangeTest {

    private static A1Range parse(String text) {
        return A1Range.parse(text).orElseThrow(() -> new AssertionError("did not parse: " + text));
    }

    @Test
    void the_forms_google_accepts() {
        assertEquals(new A1Range("Products", 1, 3, 1, 3, true), parse("Products!D2"));
        assertEquals(new A1Range("Products", 0, 0, 9, 2, false), parse("Products!A1:C10"));
        assertEquals(new A1Range("Products", 0, 0, A1Range.OPEN, 2, false), parse("Products!A:C"));
        assertEquals(new A1Range("Products", 1, 0, 4, A1Range.OPEN, false), parse("Products!2:5"));
        assertEquals(new A1Range("Products", 1, 0, A1Range.OPEN, 8, false), parse("Products!A2:I"));
        assertEquals(new A1Range("Products", 0, 0, A1Range.OPEN, A1Range.OPEN, false), parse("Products"));
        assertEquals(new A1Range("Launch Schedule", 0, 0, A1Range.OPEN, A1Range.OPEN, false),
                parse("'Launch Schedule'"));
        assertEquals(new A1Range("Bob's Sheet", 0, 1, 0, 1, true), parse("'Bob''s Sheet'!B1"));
        assertEquals(new A1Range("Products", 0, 0, 4, 1, false), parse("Products!B5:A1"));
        assertEquals(new A1Range(null, 2, 27, 2, 27, true), parse("AB3"));
        assertEquals(new A1Range("Products", 0, 0, 0, 0, true), parse("Products!$A$1"));
    }

    @Test
    void what_it_refuses() {
        for (String bad : List.of("", "Products!A1:B2:C3", "'Unclosed!A1", "Products!0A", "Products!A0",
                "'Products'A1", "!A1")) {
            assertEquals(Optional.empty(), A1Range.parse(bad), bad);
        }
    }

    @Test
    void names_and_addresses_are_written_back_like_google() {
        assertEquals("Products!A1:C10", A1Range.format("Products", 0, 0, 9, 2));
        assertEquals("'Launch Schedule'!E2", A1Range.format("Launch Schedule", 1, 4, 1, 4));
        assertEquals("'A1'!B2", A1Range.format("A1", 1, 1, 1, 1));
        assertEquals("AA", A1Range.columnLetters(26));
        assertEquals(27, A1Range.columnIndex("AB"));
    }

    @Test
    void typed_input_becomes_numbers_booleans_formulas_or_text() {
        assertEquals(new BigDecimal("1299"), SheetCell.userEntered("$1,299.00").value());
        assertEquals(new BigDecimal("0.15"), SheetCell.userEntered("15%").value());
        assertEquals(Boolean.TRUE, SheetCell.userEntered("true").value());
        assertEquals("=A1+1", SheetCell.userEntered("=A1+1").formula());
        assertEquals("=A1+1", SheetCell.userEntered("'=A1+1").value());
        assertEquals("n/a", SheetCell.userEntered("n/a").value());
        assertEquals("=A1+1", SheetCell.raw("=A1+1").value());
        assertTrue(SheetCell.raw("").isEmpty());
        assertEquals(new BigDecimal("24"), SheetCell.raw(24.00).value());
    }

    @Test
    void the_formulas_the_demo_needs_compute() {
        SheetGrid grid = new SheetGrid("S");
        grid.put(0, 0, SheetCell.raw(10));
        grid.put(1, 0, SheetCell.raw(new BigDecimal("2.5")));
        grid.put(2, 0, SheetCell.raw("text"));
        assertEquals(new BigDecimal("18.5"), grid.evaluate("=ROUND(A1*1.8+A2/5*1,2)"));
        assertEquals(new BigDecimal("12.5"), grid.evaluate("=SUM(A1:A3)"));
        assertEquals("#VALUE!", grid.evaluate("=A3+1"));
        assertEquals("#DIV/0!", grid.evaluate("=A1/(A2-2.5)"));
        assertEquals("#NAME?", grid.evaluate("=VLOOKUP(A1)"));
        grid.put(3, 0, SheetCell.userEntered("=A5"));
        grid.put(4, 0, SheetCell.userEntered("=A4"));
        assertEquals("#REF!", grid.evaluate("=A4"));
    }

    @Test
    void the_seed_csv_reader_handles_quotes() {
        assertEquals(List.of(List.of("a", "b,c", "say \"hi\""), List.of("", "x")),
                SheetSeed.parse("a,\"b,c\",\"say \"\"hi\"\"\"\r\n,x\n"));
    }
}
