package dev.changeset.text;

import java.nio.charset.StandardCharsets;

import com.google.common.hash.Hashing;

/**
 * SHA-256 as this server writes it (Guava's implementation): lower-case hex, or {@code sha256:<hex>} where a value
 * must say which digest it is (approval request ids, the approved operations' hash).
 */
public final class Sha256 {

    private Sha256() {
    }

    /** SHA-256 of the UTF-8 bytes of {@code text}, lower-case hex. */
    public static String hex(String text) {
        return Hashing.sha256().hashString(text, StandardCharsets.UTF_8).toString();
    }

    /** SHA-256 of {@code bytes}, lower-case hex. */
    public static String hex(byte[] bytes) {
        return Hashing.sha256().hashBytes(bytes).toString();
    }

    /** {@code sha256:<hex>} of the UTF-8 bytes of {@code text}. */
    public static String tagged(String text) {
        return "sha256:" + hex(text);
    }

    /** The raw digest of the US-ASCII bytes of {@code text} (PKCE's S256, RFC 7636 section 4.2). */
    public static byte[] ofAscii(String text) {
        return Hashing.sha256().hashString(text, StandardCharsets.US_ASCII).asBytes();
    }
}
