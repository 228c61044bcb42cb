package dev.changeset.approval;

import java.util.Objects;

import dev.changeset.text.Sha256;

/**
 * The {@code auth_req_id} of a CIBA request. Whoever holds it can redeem the approval for an access token, so it
 * is a secret: {@link #toString()} never shows it, logs and receipts use {@link #sha256()}, and only the polling
 * call (and the store that lets a restarted pod resume) reads {@link #reveal()}.
 */
public final class AuthReqId {

    private final String value;

    private AuthReqId(String value) {
        this.value = value;
    }

    /** Wraps an id Auth0 issued (or one read back from the approval store). */
    public static AuthReqId of(String value) {
        Objects.requireNonNull(value, "auth_req_id");
        if (value.isBlank()) {
            throw new IllegalArgumentException("an auth_req_id cannot be blank");
        }
        return new AuthReqId(value);
    }

    /** The raw id, for the one HTTP call that must send it. */
    public String reveal() {
        return value;
    }

    /** {@code sha256:<hex>} of the id: safe to log, to show and to put in a receipt. */
    public String sha256() {
        return Sha256.tagged(value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AuthReqId other && other.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return "AuthReqId[redacted]";
    }
}
