package dev.changeset.audit;

import dev.changeset.text.Sha256;

/**
 * A receipt as the log holds it: the parsed receipt (with its hash) and the canonical JSON exactly as stored and
 * hashed, so that {@code sha256(canonicalJson) == receipt.hash()}.
 */
public record StoredReceipt(Receipt receipt, String canonicalJson) {

    /** True when the stored bytes still hash to the receipt's hash: what they say is what was sealed. */
    public boolean intact() {
        return Sha256.hex(canonicalJson).equals(receipt.hash());
    }
}
