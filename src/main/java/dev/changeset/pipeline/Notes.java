package dev.changeset.pipeline;

import java.util.List;
import java.util.Optional;

import dev.changeset.text.Printable;

/**
 * The assistant's free-text note on a changeset: kept for the person reading the changeset later, never sent to
 * the sheet, never used in a binding message, and always shown as the assistant's words ({@code text.AssistantNote}).
 * It is one line of visible text: a line break could print a fake "Receipt hash:" line of its own, and a bidi
 * override or a zero-width character could make it read as something else. Such a note is refused, naming the
 * character and where it is, rather than cleaned silently: the assistant learns what to fix and nothing is stored.
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
        Optional<Printable.Unprintable> bad = Printable.firstUnprintable(note);
        if (bad.isPresent()) {
            Printable.Unprintable c = bad.get();
            throw new InvalidChangesetException(List.of("note: contains "
                    + (Character.getType(c.codePoint()) == Character.CONTROL ? "control" : "invisible")
                    + " characters: the first is " + c.name() + ", " + c.kind() + ", at character " + c.position()
                    + "; a note is one line of visible text (no line breaks, tabs, bidi, zero-width or separator"
                    + " characters), so nothing was stored"));
        }
        return note.strip();
    }
}
