package dev.changeset.audit;

/** A changeset has one receipt; a second append for it is refused. */
public class ReceiptConflictException extends ReceiptStoreException {

    private final String existingReceiptId;

    public ReceiptConflictException(String changesetId, String existingReceiptId) {
        super("changeset " + changesetId + " already has receipt " + existingReceiptId, null);
        this.existingReceiptId = existingReceiptId;
    }

    /** The receipt the changeset already has. */
    public String existingReceiptId() {
        return existingReceiptId;
    }
}
