package dev.changeset.vault;

import java.util.Objects;

/**
 * A Google access token obtained through Token Vault. It only travels as this type, whose {@link #toString()}
 * never shows it; only the Google client that sends it reads {@link #reveal()}. It is never logged, persisted or
 * returned to the assistant.
 */
public final class GoogleToken {

    private final String value;

    GoogleToken(String value) {
        this.value = Objects.requireNonNull(value, "token");
    }

    /** The raw token, for the Authorization header of the one Google call that sends it. */
    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return "GoogleToken[redacted]";
    }
}
