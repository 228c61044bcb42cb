package dev.changeset.audit;

/**
 * A receipt as the log holds it: the parsed receipt (with its hash) and the canonical JSON exactly as stored and
 * hashed, so that {@code sha256(canonicalJson) == receipt.hash()}.
 */
public record StoredReceipt(Receipt receipt, String canonicalJson) {
}
