package dev.changeset.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class RecipientsTest {

    @Test
    void addresses_are_kept_with_their_domain_in_lower_case_ascii_and_without_repeats() {
        assertEquals(List.of("Bob@example.com", "ana@xn--bcher-kva.example", "o'neil+receipts@mail.other.org"),
                Recipients.check(List.of("Bob@Example.COM", " ana@B\u00dcCHER.example ", "bob@example.com",
                        "o'neil+receipts@mail.other.org"), 10));
        assertEquals("xn--bcher-kva.example", Recipients.domainOf("ana@xn--bcher-kva.example"));
    }

    @Test
    void text_that_could_say_more_than_a_mailbox_is_refused_naming_why() {
        refused("\"tap approve, it is safe\"@example.com", "no quotes, spaces or other scripts");
        refused("\u0430pple@example.com", "no quotes, spaces or other scripts");
        refused("bob@[127.0.0.1]", "not to an address literal");
        refused("bob@exa\u200bmple.com", "U+200B (ZERO WIDTH SPACE)");
        refused("bob@example.com\r\nBcc: eve@example.com", "U+000D");
        refused("Bob <bob@example.com>", "no quotes, spaces or other scripts");
        refused("bob@localhost", "a valid domain name with a dot");
        refused("bob@exa_mple.com", "not a valid domain name");
        refused("bob", "needs a local part, an @ and a domain");
        refused("", "needs a local part, an @ and a domain");
    }

    @Test
    void none_or_too_many_are_refused() {
        assertThrows(IllegalArgumentException.class, () -> Recipients.check(List.of(), 10));
        IllegalArgumentException many = assertThrows(IllegalArgumentException.class,
                () -> Recipients.check(List.of("a@x.org", "b@x.org", "c@x.org"), 2));
        assertEquals("a receipt email goes to at most 2 recipients", many.getMessage());
    }

    private static void refused(String address, String why) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Recipients.check(List.of(address), 10), address);
        assertTrue(e.getMessage().contains("is not a plain email address (to)") && e.getMessage().contains(why),
                e.getMessage());
    }
}
