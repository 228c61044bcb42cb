package dev.changeset.policy;

import static dev.changeset.policy.OperationFacts.inventory;
import static dev.changeset.policy.OperationFacts.notification;
import static dev.changeset.policy.OperationFacts.price;
import static dev.changeset.policy.OperationFacts.promotion;
import static dev.changeset.policy.OperationFacts.read;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The policy's boundaries as a table: each case is a changeset, the caller's state, and the tier and rule names
 * expected for one of its operations. The engine test runs it; preview-level tests can reuse it.
 */
public final class PolicyBoundaryCases {

    /**
     * One row of the table.
     *
     * @param name what the row shows
     * @param operations the changeset
     * @param userState the caller's state, if any
     * @param index the operation whose decision is checked
     * @param tier the tier expected for it
     * @param rules the rule names expected for it, in firing order
     */
    public record Case(String name, List<OperationFacts> operations, Optional<UserState> userState, int index,
            Tier tier, List<String> rules) {

        public PolicyRequest request() {
            return PolicyRequest.of(operations, Optional.of("alice@example.com"), userState);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    public static final String READ = "read";
    public static final String WRITE = "write-floor";
    public static final String MOVE = "price-move";
    public static final String CUT = "price-deep-cut";
    public static final String BELOW = "price-below-cost";
    public static final String PROMO = "promotion-change";
    public static final String ZEROED = "stock-zeroed";
    public static final String STOCK = "stock-move";
    public static final String OWN = "notify-own-address";
    public static final String OTHER = "notify-other-address";
    public static final String BULK = "bulk-escalation";
    public static final String USER = "user-state-escalation";
    public static final String DRIFT = "price-drift";
    public static final String DRIFT_CUT = "price-drift-deep-cut";
    public static final String STOCK_DRIFT = "stock-drift";

    private PolicyBoundaryCases() {
    }

    public static List<Case> cases() {
        Optional<UserState> none = Optional.empty();
        return List.of(
                one("a read is T0", read(0, "SKU-1"), none, Tier.T0, READ),
                one("a price move of +5% is T1", price(0, "SKU-1", d("100.00"), d("105.00"), d("50")), none,
                        Tier.T1, WRITE),
                one("a price move of exactly +10% is T1", price(0, "SKU-1", d("100.00"), d("110.00"), d("50")),
                        none, Tier.T1, WRITE),
                one("a price move of +10.01% is T2", price(0, "SKU-1", d("100.00"), d("110.01"), d("50")), none,
                        Tier.T2, WRITE, MOVE),
                one("a price move of exactly -10% is T1", price(0, "SKU-1", d("100.00"), d("90.00"), d("50")),
                        none, Tier.T1, WRITE),
                one("a price move of -10.01% is T2", price(0, "SKU-1", d("100.00"), d("89.99"), d("50")), none,
                        Tier.T2, WRITE, MOVE),
                one("a new price exactly at cost is not below cost", price(0, "SKU-1", d("64.00"), d("60.00"),
                        d("60.00")), none, Tier.T1, WRITE),
                one("a new price one cent below cost is T3", price(0, "SKU-1", d("64.00"), d("59.99"), d("60.00")),
                        none, Tier.T3, WRITE, BELOW),
                one("a cut of exactly 30% is T2", price(0, "SKU-1", d("100.00"), d("70.00"), d("40")), none,
                        Tier.T2, WRITE, MOVE),
                one("a cut of 30.01% is T3", price(0, "SKU-1", d("100.00"), d("69.99"), d("40")), none, Tier.T3,
                        WRITE, MOVE, CUT),
                one("a deep cut below cost fires both T3 rules", price(0, "SKU-1", d("100.00"), d("50.00"),
                        d("60")), none, Tier.T3, WRITE, MOVE, CUT, BELOW),
                one("an unchanged price is T1", price(0, "SKU-1", d("19.99"), d("19.99"), d("5")), none, Tier.T1,
                        WRITE),
                one("a price set where there was none is a large move", price(0, "SKU-1", d("0"), d("9.99"),
                        d("5")), none, Tier.T2, WRITE, MOVE),
                one("switching a promotion on is T2", promotion(0, "SKU-1", false, d("0"), true, d("15")), none,
                        Tier.T2, WRITE, PROMO),
                one("changing a promotion's percent is T2", promotion(0, "SKU-1", true, d("10"), true, d("15")),
                        none, Tier.T2, WRITE, PROMO),
                one("rewriting a promotion unchanged is T1", promotion(0, "SKU-1", true, d("10"), true, d("10.0")),
                        none, Tier.T1, WRITE),
                one("stock set to zero is T2", inventory(0, "SKU-1", 10, 0), none, Tier.T2, WRITE, ZEROED, STOCK),
                one("a stock move of exactly +50% is T1", inventory(0, "SKU-1", 10, 15), none, Tier.T1, WRITE),
                one("a stock move of +51% is T2", inventory(0, "SKU-1", 100, 151), none, Tier.T2, WRITE, STOCK),
                one("a stock move of exactly -50% is T1", inventory(0, "SKU-1", 10, 5), none, Tier.T1, WRITE),
                one("a stock move of -51% is T2", inventory(0, "SKU-1", 100, 49), none, Tier.T2, WRITE, STOCK),
                one("stock set where there was none is a large move", inventory(0, "SKU-1", 0, 5), none, Tier.T2,
                        WRITE, STOCK),
                one("a receipt to the caller's own address is T1", notification(0, "alice@example.com", true), none,
                        Tier.T1, WRITE, OWN),
                one("a receipt to another address is T2", notification(0, "mallory@example.com", false), none, Tier.T2,
                        WRITE, OTHER),
                new Case("20 writes are not bulk", smallPriceMoves(20), none, 7, Tier.T1, List.of(WRITE)),
                new Case("21 writes raise each write one tier", smallPriceMoves(21), none, 7, Tier.T2,
                        List.of(WRITE, BULK)),
                new Case("bulk leaves reads alone", withRead(smallPriceMoves(21)), none, 21, Tier.T0,
                        List.of(READ)),
                one("stress 0.7 is no escalation", price(0, "SKU-1", d("100"), d("105"), d("50")),
                        stress("0.7", 5), Tier.T1, WRITE),
                one("stress 0.71 raises a write one tier", price(0, "SKU-1", d("100"), d("105"), d("50")),
                        stress("0.71", 5), Tier.T2, WRITE, USER),
                one("a 60-minute session is no escalation", price(0, "SKU-1", d("100"), d("105"), d("50")),
                        Optional.of(UserState.sessionOnly(60)), Tier.T1, WRITE),
                one("a 61-minute session raises a write one tier", price(0, "SKU-1", d("100"), d("105"), d("50")),
                        Optional.of(UserState.sessionOnly(61)), Tier.T2, WRITE, USER),
                one("signals switched off: no escalation whatever the state",
                        price(0, "SKU-1", d("100"), d("105"), d("50")),
                        Optional.of(new UserState(Optional.of(d("0.95")), 240, false)), Tier.T1, WRITE),
                one("no live signal (none posted, or expired): no escalation",
                        price(0, "SKU-1", d("100"), d("105"), d("50")),
                        Optional.of(new UserState(Optional.empty(), 5, true)), Tier.T1, WRITE),
                one("user state leaves reads alone", read(0, "SKU-1"), stress("0.99", 90), Tier.T0, READ),
                new Case("bulk and user state each raise one tier", smallPriceMoves(21), stress("0.9", 5), 3,
                        Tier.T3, List.of(WRITE, BULK, USER)),
                one("a 10% step to 19% below the window's start is T2 by price-drift",
                        from("100.00", price(0, "SKU-1", d("90.00"), d("81.00"), d("50"))), none, Tier.T2, WRITE,
                        DRIFT),
                one("exactly 10% below the window's start is T1", from("100.00", price(0, "SKU-1", d("95.00"),
                        d("90.00"), d("50"))), none, Tier.T1, WRITE),
                one("10.01% below the window's start is T2", from("100.00", price(0, "SKU-1", d("95.00"),
                        d("89.99"), d("50"))), none, Tier.T2, WRITE, DRIFT),
                one("exactly 30% below the window's start is T2", from("100.00", price(0, "SKU-1", d("75.00"),
                        d("70.00"), d("50"))), none, Tier.T2, WRITE, DRIFT),
                one("30.01% below the window's start is T3", from("100.00", price(0, "SKU-1", d("75.00"),
                        d("69.99"), d("50"))), none, Tier.T3, WRITE, DRIFT, DRIFT_CUT),
                one("a deep step and a deep drift fire all four", from("100.00", price(0, "SKU-1", d("80.00"),
                        d("50.00"), d("40"))), none, Tier.T3, WRITE, MOVE, DRIFT, CUT, DRIFT_CUT),
                one("a move back toward the window's start is judged by the move alone", from("100.00",
                        price(0, "SKU-1", d("60.00"), d("65.00"), d("50"))), none, Tier.T1, WRITE),
                one("raises add up too: 10.01% above the window's start is T2", from("100.00", price(0, "SKU-1",
                        d("101.00"), d("110.01"), d("50"))), none, Tier.T2, WRITE, DRIFT),
                one("a window that began at zero has no percent: the move alone", from("0", price(0, "SKU-1",
                        d("5.00"), d("5.40"), d("1"))), none, Tier.T1, WRITE),
                one("stock 51% below the window's start is T2 by stock-drift", from("100", inventory(0, "SKU-1", 70,
                        49)), none, Tier.T2, WRITE, STOCK_DRIFT),
                one("stock exactly 50% below the window's start is T1", from("100", inventory(0, "SKU-1", 70, 50)),
                        none, Tier.T1, WRITE),
                one("stock back toward the window's start is judged by the move alone", from("100",
                        inventory(0, "SKU-1", 40, 55)), none, Tier.T1, WRITE),
                new Case("escalations never go above T3", belowCostAmong(smallPriceMoves(21)), stress("0.9", 5), 21,
                        Tier.T3, List.of(WRITE, BELOW, BULK, USER)));
    }

    private static Case one(String name, OperationFacts op, Optional<UserState> userState, Tier tier,
            String... rules) {
        return new Case(name, List.of(op), userState, op.index(), tier, List.of(rules));
    }

    /** {@code op} after changes this server executed in the window, which began at {@code baseline}. */
    private static OperationFacts from(String baseline, OperationFacts op) {
        return op.withBaseline(new Baseline(d(baseline), 3));
    }

    private static Optional<UserState> stress(String stress, long minutes) {
        return Optional.of(new UserState(Optional.of(d(stress)), minutes, true));
    }

    /** {@code n} price moves of +5% on distinct products. */
    public static List<OperationFacts> smallPriceMoves(int n) {
        List<OperationFacts> ops = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ops.add(price(i, "SKU-" + (100 + i), d("20.00"), d("21.00"), d("10.00")));
        }
        return ops;
    }

    private static List<OperationFacts> withRead(List<OperationFacts> ops) {
        List<OperationFacts> all = new ArrayList<>(ops);
        all.add(read(ops.size(), "SKU-READ"));
        return all;
    }

    private static List<OperationFacts> belowCostAmong(List<OperationFacts> ops) {
        List<OperationFacts> all = new ArrayList<>(ops);
        all.add(price(ops.size(), "SKU-LOSS", d("20.00"), d("19.50"), d("19.60")));
        return all;
    }

    static BigDecimal d(String value) {
        return new BigDecimal(value);
    }
}
