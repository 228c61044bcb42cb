package dev.changeset.policy;

/**
 * How much trust an operation needs. Ordered: a higher tier never needs less than a lower one. The approval
 * each tier asks for is decided by the approval step; the label says it in words.
 */
public enum Tier {
    T0("read only: nothing changes"),
    T1("low risk: runs at once, with a receipt"),
    T2("needs your approval on your phone"),
    T3("needs your approval and a second approver's");

    private final String label;

    Tier(String label) {
        this.label = label;
    }

    /** What this tier means for the person, in a few words. */
    public String label() {
        return label;
    }

    /** One tier higher, never above {@link #T3}. */
    public Tier raise() {
        return this == T3 ? T3 : values()[ordinal() + 1];
    }

    /** The higher of the two. */
    public Tier max(Tier other) {
        return other != null && other.ordinal() > ordinal() ? other : this;
    }
}
