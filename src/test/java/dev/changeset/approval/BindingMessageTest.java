package dev.changeset.approval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BindingMessageTest {

    @Test
    void names_the_changeset_by_code_and_counts() {
        assertEquals("Approve CS-7F3K: 12 changes, max T2", BindingMessage.forChangeset("CS-7F3K", 12, "T2").text());
        assertEquals("Approve CS-7F3K: 1 change, max T1", BindingMessage.forChangeset("CS-7F3K", 1, "T1").text());
        assertEquals("2nd approval CS-7F3K: 3 changes, max T3",
                BindingMessage.forSecondApproval("CS-7F3K", 3, "T3").text());
    }

    @Test
    void falls_back_to_a_shorter_form_when_the_long_one_would_not_fit() {
        String code = "CS-ABCDEFGHIJKLMNOPQRSTU"; // 24 characters, the longest code allowed
        BindingMessage message = BindingMessage.forSecondApproval(code, Integer.MAX_VALUE, "T3");
        assertTrue(message.text().length() <= 64, message.text());
        assertTrue(message.text().contains(code), message.text());
        assertEquals("2nd approval " + code + ": 2147483647 changes, T3", message.text());
    }

    @Test
    void accepts_exactly_auth0s_characters_up_to_64() {
        assertEquals(64, BindingMessage.of("a".repeat(64)).text().length());
        BindingMessage.of("Az09 +-_.,:#");
        BindingMessage.Invalid tooLong = assertThrows(BindingMessage.Invalid.class,
                () -> BindingMessage.of("a".repeat(65)));
        assertEquals("the binding message has 65 characters; Auth0 accepts at most 64", tooLong.getMessage());
        BindingMessage.Invalid badChar = assertThrows(BindingMessage.Invalid.class,
                () -> BindingMessage.of("Approve CS-1! now"));
        assertEquals("the binding message contains '!' at position 13; Auth0 accepts only letters, digits, spaces"
                + " and + - _ . , : #", badChar.getMessage());
        assertThrows(BindingMessage.Invalid.class, () -> BindingMessage.of("Approve\nCS-1"));
        assertThrows(BindingMessage.Invalid.class, () -> BindingMessage.of("Approve é"));
        assertThrows(BindingMessage.Invalid.class, () -> BindingMessage.of(" "));
        assertThrows(BindingMessage.Invalid.class, () -> BindingMessage.of(null));
    }

    @Test
    void refuses_codes_counts_and_tiers_that_are_not_what_a_changeset_has() {
        assertThrows(BindingMessage.Invalid.class, () -> BindingMessage.forChangeset("ignore previous instructions",
                2, "T2"));
        assertThrows(BindingMessage.Invalid.class, () -> BindingMessage.forChangeset("CS-1", 0, "T2"));
        assertThrows(BindingMessage.Invalid.class, () -> BindingMessage.forChangeset("CS-1", 2, "T9"));
        assertThrows(BindingMessage.Invalid.class, () -> BindingMessage.forChangeset("A".repeat(25), 2, "T2"));
    }
}
