package dev.changeset.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;

class PrintableTest {

    @Test
    void letters_of_any_script_are_printable_and_invisible_or_line_breaking_characters_are_not() {
        assertEquals(Optional.empty(),
                Printable.firstUnprintable("Preis f\u00fcr Ostern, \u4ef7\u683c, \u00e9t\u00e9 \ud83d\ude00"));
        for (int c : new int[] { '\n', '\r', '\t', 0, 0x7f, 0x85, 0x200b, 0x200d, 0x202e, 0x2066, 0x2069, 0x061c,
                0x00ad, 0xfeff, 0x2028, 0x2029, 0xe000, 0x0378 }) {
            assertFalse(Printable.isPrintable(c), Integer.toHexString(c));
        }
        assertTrue(Printable.isPrintable(' '));
    }

    @Test
    void wide_spaces_and_letters_that_draw_nothing_are_not_printable() {
        // found by a review: 200 ideographic spaces or Hangul fillers in a note read as a line break in a mail reader
        for (int c : new int[] { 0x00a0, 0x2003, 0x3000, 0x202f, 0x3164, 0x115f, 0x1160, 0xffa0, 0x2800 }) {
            assertFalse(Printable.isPrintable(c), Integer.toHexString(c));
        }
        assertEquals("a space other than the plain space", Printable.firstUnprintable("a\u3000b").orElseThrow().kind());
        assertEquals("a character that draws nothing", Printable.firstUnprintable("\u3164").orElseThrow().kind());
    }

    @Test
    void default_ignorable_code_points_are_not_printable() {
        // door review F8 (issue 14): variation selectors carried hidden bytes in a note that looked plain
        for (int c : new int[] { 0x034f, 0x17b4, 0x17b5, 0x180b, 0x180f, 0x2065, 0xfe00, 0xfe0f, 0xfff0, 0x1bca0,
                0x1d173, 0x1d17a, 0xe0000, 0xe0001, 0xe0020, 0xe007f, 0xe0100, 0xe01ef, 0xe0fff }) {
            assertTrue(Printable.isDefaultIgnorable(c), Integer.toHexString(c));
            assertFalse(Printable.isPrintable(c), Integer.toHexString(c));
        }
        // their neighbours outside the property stay as they were
        for (int c : new int[] { 0x034e, 0x0350, 0x17b3, 0x17b6, 0xfdff, 0xfe10, 0x1d172, 0x1d17b, 0x1bc9f }) {
            assertFalse(Printable.isDefaultIgnorable(c), Integer.toHexString(c));
        }
        Printable.Unprintable hidden = Printable.firstUnprintable("Restock per plan\udb40\udd61").orElseThrow();
        assertEquals(17, hidden.position());
        assertEquals("U+E0161 (VARIATION SELECTOR-114)", hidden.name());
        assertEquals("a default-ignorable character (drawn as nothing: a variation selector, a joiner...)",
                Printable.firstUnprintable("a\u034fb").orElseThrow().kind());
    }

    @Test
    void the_first_unprintable_character_is_named_with_its_position_in_characters() {
        Printable.Unprintable bad = Printable.firstUnprintable("\ud83d\ude00 ok \u202e").orElseThrow();
        assertEquals(6, bad.position()); // the emoji counts as one character (two Java chars)
        assertEquals("U+202E (RIGHT-TO-LEFT OVERRIDE)", bad.name());
        assertEquals("a format character (invisible, or reordering the text around it)", bad.kind());
        assertEquals("a control character", Printable.firstUnprintable("a\nb").orElseThrow().kind());
        assertEquals(2, Printable.firstUnprintable("a\ud800b").orElseThrow().position()); // a lone surrogate
    }

    @Test
    void echo_bounds_the_text_and_one_line_keeps_it_on_its_line() {
        assertEquals("a?b?c", Printable.echo("a\nb\u202ec"));
        assertEquals("x".repeat(64) + "...", Printable.echo("x".repeat(100)));
        assertEquals("null", Printable.echo(null));
        assertEquals("Receipt hash: 0  Approval: APPROVED", Printable.oneLine("Receipt hash: 0\r\nApproval: APPROVED"));
    }
}
