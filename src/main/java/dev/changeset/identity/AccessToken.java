package dev.changeset.identity;

import java.util.Objects;

/**
 * The caller's raw Auth0 access token. It only travels as this type, whose {@link #toString()} never shows it,
 * so that logging a record that holds it cannot leak it. Only Token Vault exchanges read {@link #reveal()}.
 */
public final class AccessToken {

    private final String value;

    public AccessToken(String value) {
        this.value = Objects.requireNonNull(value, "token");
    }

    /** The raw token, for the one HTTP call that must send it. */
    public String reveal() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AccessToken other && other.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return "AccessToken[redacted]";
    }
}
