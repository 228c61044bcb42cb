package dev.changeset.connect;

import java.security.SecureRandom;
import java.util.Base64;

import dev.changeset.text.Sha256;

/** A PKCE pair (RFC 7636): a random {@code code_verifier} and its S256 {@code code_challenge}. */
record Pkce(String verifier, String challenge) {

    private static final SecureRandom RANDOM = new SecureRandom();

    static Pkce create() {
        String verifier = random(32);
        return new Pkce(verifier, Base64.getUrlEncoder().withoutPadding().encodeToString(Sha256.ofAscii(verifier)));
    }

    /** {@code bytes} random bytes, base64url without padding (also used for state values and ids). */
    static String random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    @Override
    public String toString() {
        return "Pkce[redacted]";
    }
}
