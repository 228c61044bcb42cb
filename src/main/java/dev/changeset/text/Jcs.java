package dev.changeset.text;

import java.io.IOException;

import org.erdtman.jcs.JsonCanonicalizer;

/**
 * RFC 8785 (JSON Canonicalization Scheme) through the RFC author's reference implementation
 * (java-json-canonicalization): member names sorted by UTF-16 code units, ECMAScript number serialization, minimal
 * string escaping. Used for receipts (audit) and for the approved operations' hash (approval).
 */
public final class Jcs {

    private Jcs() {
    }

    /** Any JSON text in its RFC 8785 form; an {@link IllegalArgumentException} when it is not JSON. */
    public static String canonicalize(String json) {
        try {
            return new JsonCanonicalizer(json).getEncodedString();
        } catch (IOException e) {
            throw new IllegalArgumentException("not canonicalizable JSON: " + e.getMessage(), e);
        }
    }
}
