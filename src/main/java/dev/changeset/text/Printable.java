package dev.changeset.text;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The one rule for text that came from outside this server (an assistant's note or argument, a recipient, a header
 * a sidecar sent): which characters a person can see. Not printable are control characters (Unicode category Cc,
 * line breaks and tabs included), format characters (Cf: bidi overrides and isolates such as U+202E, zero-width
 * spaces and joiners, the soft hyphen), line and paragraph separators (Zl, Zp), lone surrogates (Cs), private-use
 * (Co) and unassigned (Cn) code points: each can hide, reorder or break the text around it. Nor are spaces other than
 * U+0020 (no-break, ideographic, em spaces...: runs of them fake line breaks in a wrapping mail reader) and the
 * letters that draw nothing (Hangul fillers, the blank Braille pattern), nor any default-ignorable code point
 * (variation selectors, the combining grapheme joiner, Khmer inherent vowels: Unicode's Default_Ignorable_Code_Point).
 * Everything else, letters of any script
 * included, is printable.
 */
public final class Printable {

    /** The longest text {@link #echo} repeats. */
    public static final int ECHO_LENGTH = 64;

    /**
     * Letters that draw nothing (the Hangul fillers, the blank Braille pattern): a run of them reads as empty space
     * and can push the text after it onto what looks like a line of its own.
     */
    private static final Set<Integer> BLANK_LETTERS = Set.of(0x115F, 0x1160, 0x3164, 0xFFA0, 0x2800);

    /**
     * Unicode's Default_Ignorable_Code_Point property, as inclusive ranges: code points a renderer draws as nothing
     * when it does not support them (combining grapheme joiner, Khmer inherent vowels, Mongolian and the 256
     * variation selectors, tags, fillers...). The variation selectors U+E0100..E01EF carried 30 hidden bytes in a
     * note shown as "Restock per plan" (door review, issue 14 F8). Source: the Unicode Character Database,
     * DerivedCoreProperties.txt, "Derived Property: Default_Ignorable_Code_Point" (Unicode 16.0,
     * https://www.unicode.org/Public/16.0.0/ucd/DerivedCoreProperties.txt); icu4j is not on the class path.
     */
    private static final int[][] DEFAULT_IGNORABLE = {
        { 0x00AD, 0x00AD }, { 0x034F, 0x034F }, { 0x061C, 0x061C }, { 0x115F, 0x1160 }, { 0x17B4, 0x17B5 },
        { 0x180B, 0x180F }, { 0x200B, 0x200F }, { 0x202A, 0x202E }, { 0x2060, 0x206F }, { 0x3164, 0x3164 },
        { 0xFE00, 0xFE0F }, { 0xFEFF, 0xFEFF }, { 0xFFA0, 0xFFA0 }, { 0xFFF0, 0xFFF8 }, { 0x1BCA0, 0x1BCA3 },
        { 0x1D173, 0x1D17A }, { 0xE0000, 0xE0FFF },
    };

    private Printable() {
    }

    /** True for a code point with Unicode's Default_Ignorable_Code_Point property (see {@link #DEFAULT_IGNORABLE}). */
    public static boolean isDefaultIgnorable(int codePoint) {
        for (int[] range : DEFAULT_IGNORABLE) {
            if (codePoint >= range[0] && codePoint <= range[1]) {
                return true;
            }
        }
        return false;
    }

    /** One character that is not printable, and where: {@code position} counts characters from 1. */
    public record Unprintable(int codePoint, int position) {

        /** "U+202E (RIGHT-TO-LEFT OVERRIDE)". */
        public String name() {
            String name = Character.getName(codePoint);
            return String.format(Locale.ROOT, "U+%04X", codePoint) + (name == null ? "" : " (" + name + ")");
        }

        /** What kind of character it is, in words: "a control character", "a format character", ... */
        public String kind() {
            return switch (Character.getType(codePoint)) {
                case Character.CONTROL -> "a control character";
                case Character.FORMAT -> "a format character (invisible, or reordering the text around it)";
                case Character.LINE_SEPARATOR -> "a line separator";
                case Character.PARAGRAPH_SEPARATOR -> "a paragraph separator";
                case Character.SURROGATE -> "half of a character (a lone surrogate)";
                case Character.PRIVATE_USE -> "a private-use character";
                case Character.SPACE_SEPARATOR -> "a space other than the plain space";
                case Character.UNASSIGNED -> "an unassigned character";
                default -> isDefaultIgnorable(codePoint) && !BLANK_LETTERS.contains(codePoint)
                        ? "a default-ignorable character (drawn as nothing: a variation selector, a joiner...)"
                        : "a character that draws nothing";
            };
        }
    }

    /** True when people can see {@code codePoint} for what it is (see the class comment). */
    public static boolean isPrintable(int codePoint) {
        if (isDefaultIgnorable(codePoint)) {
            return false;
        }
        return switch (Character.getType(codePoint)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                    Character.SURROGATE, Character.PRIVATE_USE, Character.UNASSIGNED -> false;
            case Character.SPACE_SEPARATOR -> codePoint == ' ';
            default -> !BLANK_LETTERS.contains(codePoint);
        };
    }


    /** The first character of {@code text} that is not printable, if any. */
    public static Optional<Unprintable> firstUnprintable(String text) {
        int position = 0;
        for (int i = 0; i < text.length();) {
            int c = text.codePointAt(i);
            position++;
            if (!isPrintable(c)) {
                return Optional.of(new Unprintable(c, position));
            }
            i += Character.charCount(c);
        }
        return Optional.empty();
    }

    /**
     * Text as an error message may repeat it: at most {@value #ECHO_LENGTH} characters (then "..."), every character
     * that is not printable shown as '?'.
     */
    public static String echo(String text) {
        if (text == null) {
            return "null";
        }
        String cut = text.codePointCount(0, text.length()) > ECHO_LENGTH
                ? text.substring(0, text.offsetByCodePoints(0, ECHO_LENGTH)) + "..." : text;
        return oneLine(cut, '?');
    }

    /** {@code text} on one visible line: every character that is not printable (line breaks too) becomes a space. */
    public static String oneLine(String text) {
        return text == null ? "" : oneLine(text, ' ');
    }

    private static String oneLine(String text, char replacement) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> out.appendCodePoint(isPrintable(c) ? c : replacement));
        return out.toString();
    }
}
