package dev.changeset.approval;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The short text Auth0 shows on the phone and the assistant shows the user, so both can see they are looking at
 * the same request. It is built only from a changeset's code and counts, never from text an assistant supplied,
 * and always satisfies Auth0's rule: at most 64 characters of letters, digits, space and {@code +-_.,:#}.
 * A value of this type is valid by construction, so a bad message is refused before any HTTP call.
 */
public final class BindingMessage {

    /** Auth0's limit on {@code binding_message}. */
    public static final int MAX_LENGTH = 64;
    private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9 +\\-_.,:#]*");
    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9\\-_]{0,23}");
    private static final Pattern TIER = Pattern.compile("T[0-3]");

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
            throw new Invalid("the binding message contains '" + printable(text.charAt(at)) + "' at position "
                    + (at + 1) + "; Auth0 accepts only letters, digits, spaces and + - _ . , : #");
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

    private static BindingMessage fitting(String verb, String code, int changes, String maxTier) {
        Objects.requireNonNull(code, "code");
        if (!CODE.matcher(code).matches()) {
            throw new Invalid("changeset code '" + code + "' is not 1 to 24 letters, digits, - or _");
        }
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

    private static String printable(char c) {
        return Character.isISOControl(c) || Character.isWhitespace(c) ? String.format("\\u%04x", (int) c)
                : String.valueOf(c);
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
