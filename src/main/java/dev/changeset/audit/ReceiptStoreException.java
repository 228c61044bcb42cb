package dev.changeset.audit;

/** A receipt could not be stored or read; the changeset's outcome must not be reported as sealed. */
public class ReceiptStoreException extends RuntimeException {

    public ReceiptStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
