package dev.changeset.approval;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

import dev.changeset.text.Printable;

/**
 * The short text Auth0 shows on the phone and the assistant shows the user, so both can see they are looking at
 * the same request. It is built only from a changeset's code and counts (for a mail, the recipients' domains as
 * checked and converted to ASCII), never from free text an assistant supplied, and always satisfies Auth0's rule:
 * at most 64 characters of letters, digits, space and {@code +-_.,:#}. A value of this type is valid by
 * construction, so a bad message is refused before any HTTP call.
 */
public final class BindingMessage {

    /** Auth0's limit on {@code binding_message}. */
    public static final int MAX_LENGTH = 64;
    private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9 +\\-_.,:#]*");
    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9\\-_]{0,23}");
    private static final Pattern TIER = Pattern.compile("T[0-3]");
    private static final Pattern DOMAIN = Pattern.compile("[a-z0-9][a-z0-9.\\-]{0,252}");

    /** Why a binding message was refused. */
    public static final class Invalid extends IllegalArgumentException {
        Invalid(String message) {
            super(message);
        }
    }

    private final String text;

    private BindingMessage(String text) {
        this.text = text;
    }

    /** Checks a message against Auth0's rule; throws {@link Invalid} naming what is wrong. */
    public static BindingMessage of(String text) {
        if (text == null || text.isBlank()) {
            throw new Invalid("the binding message is empty; Auth0 requires one");
        }
        if (text.length() > MAX_LENGTH) {
            throw new Invalid("the binding message has " + text.length() + " characters; Auth0 accepts at most "
                    + MAX_LENGTH);
        }
        if (!ALLOWED.matcher(text).matches()) {
            int at = firstDisallowed(text);
            int c = text.codePointAt(at);
            throw new Invalid("the binding message contains " + (Printable.isPrintable(c)
                    ? "'" + Character.toString(c) + "'" : new Printable.Unprintable(c, at + 1).name())
                    + " at position " + (at + 1) + "; Auth0 accepts only letters, digits, spaces and + - _ . , : #");
        }
        return new BindingMessage(text);
    }

    /**
     * "Approve CS-7F3K: 12 changes, max T2", or a shorter form when that would not fit in 64 characters.
     *
     * @param code the changeset's short code (letters, digits, {@code -} and {@code _}, at most 24 characters)
     * @param changes how many operations the approval covers (at least 1)
     * @param maxTier the highest tier among them, {@code T0}..{@code T3}
     */
    public static BindingMessage forChangeset(String code, int changes, String maxTier) {
        return fitting("Approve", code, changes, maxTier);
    }

    /** The same for the second approver of a four-eyes (T3) changeset: "2nd approval CS-7F3K: 3 changes, max T3". */
    public static BindingMessage forSecondApproval(String code, int changes, String maxTier) {
        return fitting("2nd approval", code, changes, maxTier);
    }

    /**
     * "Mail receipt CS-7F3K to example.com, other.org": what mailing a receipt to other addresses approves, naming
     * every recipient domain while they fit; else "Mail CS-7F3K to 3 domains, first example.com", the first
     * domain cut from the left ("..ample.com") if even that does not fit. The full addresses go in the request's
     * {@link ApprovalDetails}.
     *
     * @param code the receipt's changeset code
     * @param domains the recipients' domains in ASCII (punycode), lower case, as {@code notify.Recipients} keeps them
     */
    public static BindingMessage forMail(String code, List<String> domains) {
        checkCode(code);
        if (domains == null || domains.isEmpty()) {
            throw new Invalid("a mail approval names at least one recipient domain");
        }
        List<String> distinct = domains.stream().distinct().toList();
        for (String domain : distinct) {
            if (!DOMAIN.matcher(domain).matches()) {
                throw new Invalid("'" + Printable.echo(domain) + "' is not a domain in ASCII (punycode) lower case");
            }
        }
        List<String> forms = List.of(
                "Mail receipt " + code + " to " + String.join(", ", distinct),
                "Mail " + code + " to " + String.join(",", distinct));
        String count = distinct.size() == 1 ? "" : distinct.size() + " domains, first ";
        String prefix = "Mail " + code + " to " + count;
        return forms.stream().filter(f -> f.length() <= MAX_LENGTH).findFirst().map(BindingMessage::of)
                .orElseGet(() -> of(prefix + tail(distinct.get(0), MAX_LENGTH - prefix.length())));
    }

    /** The person's approval of turning user-state signals off (less protection): says what it does. */
    public static BindingMessage forSignalsOff() {
        return of("Turn user-state signals off: fewer approvals");
    }

    /** The end of {@code domain} that fits in {@code room} characters, marked ".." when cut. */
    private static String tail(String domain, int room) {
        return domain.length() <= room ? domain : ".." + domain.substring(domain.length() - (room - 2));
    }

    private static void checkCode(String code) {
        Objects.requireNonNull(code, "code");
        if (!CODE.matcher(code).matches()) {
            throw new Invalid("changeset code '" + code + "' is not 1 to 24 letters, digits, - or _");
        }
    }

    private static BindingMessage fitting(String verb, String code, int changes, String maxTier) {
        checkCode(code);
        if (changes < 1) {
            throw new Invalid("an approval covers at least one change, not " + changes);
        }
        if (maxTier == null || !TIER.matcher(maxTier).matches()) {
            throw new Invalid("tier '" + maxTier + "' is not one of T0, T1, T2, T3");
        }
        String noun = changes == 1 ? "change" : "changes";
        List<String> forms = List.of(
                verb + " " + code + ": " + changes + " " + noun + ", max " + maxTier,
                verb + " " + code + ": " + changes + " " + noun + ", " + maxTier,
                code + ": " + changes + " " + noun + ", " + maxTier,
                code + ": " + changes + ", " + maxTier);
        return forms.stream().filter(f -> f.length() <= MAX_LENGTH).findFirst().map(BindingMessage::of)
                .orElseGet(() -> of(code));
    }

    private static int firstDisallowed(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (!ALLOWED.matcher(String.valueOf(text.charAt(i))).matches()) {
                return i;
            }
        }
        return 0;
    }


    /** The message as sent to Auth0. */
    public String text() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BindingMessage other && other.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
