package dev.changeset.policy;

/** What an operation does, as the policy sees it. Everything but {@link #READ} is a write. */
public enum OperationKind {
    /** Reads a value; changes nothing. */
    READ,
    /** Sets a product's price. */
    PRICE,
    /** Turns a promotion on or off or changes its percent. */
    PROMOTION,
    /** Sets or adjusts stock. */
    INVENTORY,
    /** Sends a message (a receipt by email). */
    NOTIFY;

    public boolean isWrite() {
        return this != READ;
    }
}
