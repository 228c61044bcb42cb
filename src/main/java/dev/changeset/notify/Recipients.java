package dev.changeset.notify;

import java.net.IDN;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import com.google.common.net.InternetDomainName;

import dev.changeset.text.Printable;

/**
 * Recipient addresses as this server accepts them: text an assistant wrote, so it must not be able to say anything
 * but "this mailbox". Each is a plain address whose local part is a dot-atom of ASCII letters, digits and
 * {@code !#$%&'*+/=?^_`{|}~-} (no quoted strings, which may hold spaces and sentences, and no non-ASCII local parts)
 * and whose domain is a domain name (no {@code [address literal]}). An internationalised domain is kept in its
 * ASCII form ({@code xn--...}, IDNA via {@link IDN}), the form the phone shows the person and Gmail sends to, so a
 * look-alike letter cannot pass for another. The JDK's IDN and Guava's {@link InternetDomainName} do the domain; the
 * local part's rule is this one line because no library here refuses quoted local parts.
 */
public final class Recipients {

    private static final Pattern LOCAL_PART = Pattern.compile(
            "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*");
    private static final int MAX_LOCAL_PART = 64;

    private Recipients() {
    }

    /**
     * The addresses as they will be sent to: domains in lower-case ASCII, repeats (ignoring case) dropped, in the
     * order given.
     *
     * @throws IllegalArgumentException naming the first address refused and why, or when there are none or too many
     */
    public static List<String> check(List<String> to, int max) {
        if (to == null || to.isEmpty()) {
            throw new IllegalArgumentException("a receipt email needs at least one recipient");
        }
        if (to.size() > max) {
            throw new IllegalArgumentException("a receipt email goes to at most " + max + " recipients");
        }
        Map<String, String> kept = new LinkedHashMap<>();
        for (String address : to) {
            String normalised = normalised(address);
            kept.putIfAbsent(normalised.toLowerCase(Locale.ROOT), normalised);
        }
        return List.copyOf(kept.values());
    }

    /** The domain of an address {@link #check} returned. */
    public static String domainOf(String address) {
        return address.substring(address.lastIndexOf('@') + 1);
    }

    private static String normalised(String address) {
        String value = address == null ? "" : address.strip();
        Optional<Printable.Unprintable> hidden = Printable.firstUnprintable(value);
        if (hidden.isPresent()) {
            throw refused(value, "it contains " + hidden.get().name() + ", " + hidden.get().kind() + ", at character "
                    + hidden.get().position());
        }
        int at = value.lastIndexOf('@');
        if (at <= 0 || at == value.length() - 1) {
            throw refused(value, "it needs a local part, an @ and a domain");
        }
        String local = value.substring(0, at);
        String domain = value.substring(at + 1);
        if (local.length() > MAX_LOCAL_PART || !LOCAL_PART.matcher(local).matches()) {
            throw refused(value, "the part before the @ must be ASCII letters, digits, dots and !#$%&'*+/=?^_`{|}~-"
                    + " (no quotes, spaces or other scripts)");
        }
        if (domain.startsWith("[")) {
            throw refused(value, "send to a domain name, not to an address literal");
        }
        String ascii;
        try {
            ascii = IDN.toASCII(domain, IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            throw refused(value, "its domain is not a valid domain name");
        }
        if (!InternetDomainName.isValid(ascii) || !ascii.contains(".") || ascii.endsWith(".")) {
            throw refused(value, "its domain is not a valid domain name with a dot");
        }
        return local + "@" + ascii;
    }

    private static IllegalArgumentException refused(String value, String why) {
        return new IllegalArgumentException("'" + Printable.echo(value) + "' is not a plain email address (to): "
                + why);
    }
}
