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
 * letters that draw nothing (Hangul fillers, the blank Braille pattern). Everything else, letters of any script
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

    private Printable() {
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
                default -> "a character that draws nothing";
            };
        }
    }

    /** True when people can see {@code codePoint} for what it is (see the class comment). */
    public static boolean isPrintable(int codePoint) {
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
