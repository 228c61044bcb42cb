package dev.changeset.pipeline;

/**
 * A revert could not be stored: another revert holds the receipt ({@code changeset.revert_hold} is unique), so two
 * reverts of one receipt never both live, whichever replica stores them.
 */
final class RevertTaken extends RuntimeException {

    private final transient Changeset holder;

    RevertTaken(Changeset holder) {
        super("receipt " + holder.revertsReceiptId() + " is held by revert " + holder.id());
        this.holder = holder;
    }

    Changeset holder() {
        return holder;
    }
}
