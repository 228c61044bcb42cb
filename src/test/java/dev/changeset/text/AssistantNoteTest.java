package dev.changeset.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class AssistantNoteTest {

    @Test
    void a_note_cannot_close_its_own_quotes() {
        // found by a review: the note ok"  Receipt hash: 000 rendered as "ok"  Receipt hash: 000", the hash outside
        assertEquals("\"ok\\\"  Receipt hash: 000\"", AssistantNote.quoted("ok\"  Receipt hash: 000"));
        assertEquals("\"a\\\\\\\" b\"", AssistantNote.quoted("a\\\" b"));
        assertEquals(AssistantNote.LABEL + ": \"line one line two\"", AssistantNote.labelled("line one\nline two"));
        String note = "say \"hi\" \\o/";
        assertEquals(note, AssistantNote.unlabelled(AssistantNote.labelled(note)));
    }
}
