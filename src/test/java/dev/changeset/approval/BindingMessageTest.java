package dev.changeset.approval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

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

    @Test
    void a_mail_names_every_recipient_domain_while_they_fit() {
        assertEquals("Mail receipt CS-D695 to example.com", BindingMessage.forMail("CS-D695",
                List.of("example.com")).text());
        assertEquals("Mail receipt CS-D695 to example.com, other.org", BindingMessage.forMail("CS-D695",
                List.of("example.com", "other.org", "example.com")).text());
        assertEquals("Mail receipt CS-D695 to xn--bcher-kva.example", BindingMessage.forMail("CS-D695",
                List.of("xn--bcher-kva.example")).text());
    }

    @Test
    void a_mail_to_many_domains_names_their_count_and_the_first_and_a_long_one_keeps_its_end() {
        List<String> many = List.of("alpha-distribution.example", "beta.example", "gamma.example", "delta.example");
        assertEquals("Mail CS-D695 to 4 domains, first alpha-distribution.example",
                BindingMessage.forMail("CS-D695", many).text());
        String longDomain = "a".repeat(60) + ".bank.example";
        String one = BindingMessage.forMail("CS-D695", List.of(longDomain)).text();
        assertEquals(64, one.length(), one);
        assertTrue(one.startsWith("Mail CS-D695 to ..") && one.endsWith("aaa.bank.example"), one);
        String several = BindingMessage.forMail("CS-D695", List.of(longDomain, "other.org")).text();
        assertTrue(several.startsWith("Mail CS-D695 to 2 domains, first ..") && several.endsWith(".bank.example"),
                several);
        assertTrue(several.length() <= 64, several);
    }

    @Test
    void a_mail_takes_only_ascii_domains_and_a_real_code() {
        assertThrows(BindingMessage.Invalid.class, () -> BindingMessage.forMail("CS-1", List.of("b\u00fccher.de")));
        assertThrows(BindingMessage.Invalid.class, () -> BindingMessage.forMail("CS-1", List.of("Tap approve now")));
        assertThrows(BindingMessage.Invalid.class, () -> BindingMessage.forMail("CS-1", List.of()));
        assertThrows(BindingMessage.Invalid.class, () -> BindingMessage.forMail("tap approve", List.of("a.example")));
        BindingMessage.Invalid control = assertThrows(BindingMessage.Invalid.class,
                () -> BindingMessage.of("Approve\u202ECS-1"));
        assertEquals("the binding message contains U+202E (RIGHT-TO-LEFT OVERRIDE) at position 8; Auth0 accepts"
                + " only letters, digits, spaces and + - _ . , : #", control.getMessage());
    }
}
