package dev.changeset.pipeline;

import java.util.List;

/**
 * The assistant's free-text note on a changeset: kept for the person reading the changeset later, never sent to
 * the sheet, never used in a binding message. Bounded, and without control characters.
 */
final class Notes {

    private Notes() {
    }

    static String check(String note, int maxLength) {
        if (note == null || note.isBlank()) {
            return null;
        }
        if (note.length() > maxLength) {
            throw new InvalidChangesetException(List.of("note: " + note.length() + " characters is more than the "
                    + maxLength + " a note may hold"));
        }
        if (note.codePoints().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\t')) {
            throw new InvalidChangesetException(List.of("note: contains control characters"));
        }
        return note.strip();
    }
}
