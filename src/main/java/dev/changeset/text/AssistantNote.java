package dev.changeset.text;

/**
 * How the assistant's note on a changeset is shown, wherever it is shown (get_changeset, the receipt, the receipt
 * email): quoted, after a label that says whose words they are, and apart from the server's own facts. The note was
 * checked to be one line of visible text when the changeset was previewed (see {@code pipeline.Notes}); the label
 * makes sure nobody reads it as the server speaking.
 */
public final class AssistantNote {

    /** The label in front of every rendering of a note. */
    public static final String LABEL = "Assistant's note (its own words, not checked by this server)";
    /** How receipts sealed before the label marked the note; still recognised so old receipts render the same way. */
    private static final String OLD_PREFIX = "assistant's note: ";

    private AssistantNote() {
    }

    /** {@code Assistant's note (...): "the note"}. */
    public static String labelled(String note) {
        return LABEL + ": " + quoted(note);
    }

    /**
     * The note in double quotes, on one visible line whatever it holds; a double quote or backslash inside it is
     * escaped, so the note cannot close its own quotes and go on as if the server were speaking.
     */
    public static String quoted(String note) {
        return "\"" + Printable.oneLine(note).replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** True when a receipt's note is the assistant's (labelled now, or in the older form). */
    public static boolean isLabelled(String receiptNote) {
        return receiptNote != null && (receiptNote.startsWith(LABEL + ": ") || receiptNote.startsWith(OLD_PREFIX));
    }

    /** The note itself, from a receipt's labelled note (either form), without label or quotes. */
    public static String unlabelled(String receiptNote) {
        if (receiptNote.startsWith(LABEL + ": ")) {
            String quotedNote = receiptNote.substring(LABEL.length() + 2);
            return quotedNote.length() >= 2 && quotedNote.startsWith("\"") && quotedNote.endsWith("\"")
                    ? unescaped(quotedNote.substring(1, quotedNote.length() - 1)) : quotedNote;
        }
        return receiptNote.startsWith(OLD_PREFIX) ? receiptNote.substring(OLD_PREFIX.length()) : receiptNote;
    }

    /** Undoes {@link #quoted}'s escapes (receipts sealed before them hold none, and read the same). */
    private static String unescaped(String inner) {
        StringBuilder out = new StringBuilder(inner.length());
        for (int i = 0; i < inner.length(); i++) {
            char c = inner.charAt(i);
            if (c == '\\' && i + 1 < inner.length() && (inner.charAt(i + 1) == '"' || inner.charAt(i + 1) == '\\')) {
                c = inner.charAt(++i);
            }
            out.append(c);
        }
        return out.toString();
    }
}
