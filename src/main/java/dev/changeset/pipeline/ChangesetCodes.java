package dev.changeset.pipeline;

import java.security.SecureRandom;

/**
 * Short codes a person reads on a phone and in the assistant's preview ("CS-7F3K"): four characters of
 * Crockford's base32 alphabet (no I, L, O, U), so they are hard to misread. Uniqueness is the database's job
 * (a unique index); a clash simply draws again.
 */
final class ChangesetCodes {

    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private ChangesetCodes() {
    }

    static String next() {
        StringBuilder code = new StringBuilder("CS-");
        for (int i = 0; i < 4; i++) {
            code.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
        }
        return code.toString();
    }
}
