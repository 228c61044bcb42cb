package dev.changeset.audit;

/**
 * A receipt as the log holds it: the parsed receipt (with its hash) and the canonical JSON exactly as stored and
 * hashed, so that {@code sha256(canonicalJson) == receipt.hash()}.
 */
public record StoredReceipt(Receipt receipt, String canonicalJson) {

    /** True when the stored bytes still hash to the receipt's hash: what they say is what was sealed. */
    public boolean intact() {
        return CanonicalJson.sha256Hex(canonicalJson).equals(receipt.hash());
    }
}
