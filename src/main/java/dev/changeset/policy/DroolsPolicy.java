package dev.changeset.policy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;
import org.kie.api.KieBase;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Rule;
import org.kie.api.runtime.KieRuntimeBuilder;
import org.kie.api.runtime.KieSessionsPool;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;

/**
 * The policy as Drools rules ({@code risk-tiers.drl}, compiled to an executable model at build time). One
 * evaluation is one stateless session: every fact of the changeset is inserted, the rules fire once, and the
 * session is gone. Any fault (an exception in a rule, a write no rule classified, a missing number) is a
 * {@link PolicyUnavailableException}: no decision, so no write. Every decision is counted:
 * {@code changeset.policy.decisions{tier}} per operation and {@code changeset.policy.changesets{tier}} by a
 * changeset's highest tier.
 */
@ApplicationScoped
public class DroolsPolicy implements Policy {

    private static final Logger LOG = Logger.getLogger(DroolsPolicy.class);

    /** The stateless session declared in META-INF/kmodule.xml. */
    public static final String SESSION = "policy-session";
    /** Its rule base. */
    public static final String KIE_BASE = "policy";

    private final KieBase kieBase;
    private final KieSessionsPool pool;
    private final Thresholds thresholds;
    private final MeterRegistry meters;

    @Inject
    DroolsPolicy(KieRuntimeBuilder runtime, PolicyConfig config, MeterRegistry meters) {
        this(runtime, Thresholds.of(config), config.sessionPoolSize(), meters);
    }

    /** For building the same policy outside the application (benchmarks, fault tests). */
    public DroolsPolicy(KieRuntimeBuilder runtime, Thresholds thresholds, int sessionPoolSize) {
        this(runtime, thresholds, sessionPoolSize, Metrics.globalRegistry);
    }

    private DroolsPolicy(KieRuntimeBuilder runtime, Thresholds thresholds, int sessionPoolSize,
            MeterRegistry meters) {
        this.meters = meters;
        this.kieBase = runtime.getKieBase(KIE_BASE);
        this.pool = sessionPoolSize > 0 ? kieBase.newKieSessionsPool(sessionPoolSize) : null;
        this.thresholds = thresholds;
    }

    @Override
    public List<RuleDescription> rules() {
        KiePackage pkg = kieBase.getKiePackage(Policy.class.getPackageName());
        if (pkg == null || pkg.getRules().isEmpty()) {
            throw new PolicyUnavailableException("The policy's rule base has no rules: ask an administrator.");
        }
        return pkg.getRules().stream()
                .map(rule -> new RuleDescription(rule.getName(), metadata(rule, "tier"),
                        fill(metadata(rule, "description"))))
                .sorted(Comparator.comparing((RuleDescription r) -> r.tier().startsWith("+") ? "T9" : r.tier())
                        .thenComparing(RuleDescription::name))
                .toList();
    }

    /** A rule's metadata value; the executable model keeps the DRL's quotes around it, so they are removed. */
    private static String metadata(Rule rule, String key) {
        String value = String.valueOf(rule.getMetaData().get(key));
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1)
                : value;
    }

    /** A rule's description with its {placeholders} replaced by the thresholds in force. */
    private String fill(String description) {
        return description
                .replace("{priceMovePercent}", thresholds.priceMovePercent().toPlainString())
                .replace("{priceCutPercent}", thresholds.priceCutPercent().toPlainString())
                .replace("{stockMovePercent}", thresholds.stockMovePercent().toPlainString())
                .replace("{bulkWrites}", Integer.toString(thresholds.bulkWrites()))
                .replace("{stress}", thresholds.stress().toPlainString())
                .replace("{sessionMinutes}", Long.toString(thresholds.sessionMinutes()))
                .replace("{driftWindow}", thresholds.driftWindowText());
    }

    @Override
    public Thresholds thresholds() {
        return thresholds;
    }

    @Override
    public PolicyDecision evaluate(PolicyRequest request) {
        List<Assessment> assessments = new ArrayList<>(request.operations().size());
        for (OperationFacts op : request.operations()) {
            assessments.add(new Assessment(requireFacts(op)));
        }
        List<Object> facts = new ArrayList<>(assessments.size() + 3);
        facts.add(thresholds);
        facts.add(request.changeset());
        request.userState().filter(UserState::signalsEnabled).ifPresent(facts::add);
        facts.addAll(assessments);
        try {
            (pool == null ? kieBase.newStatelessKieSession() : pool.newStatelessKieSession()).execute(facts);
        } catch (RuntimeException e) {
            LOG.errorf(e, "the policy rules failed on a changeset of %d operations", assessments.size());
            throw new PolicyUnavailableException("The policy could not decide (" + e.getClass().getSimpleName()
                    + " inside the rules), so nothing will be written. Try again later or ask an administrator.",
                    e);
        }
        List<OperationDecision> decisions = new ArrayList<>(assessments.size());
        Tier max = Tier.T0;
        for (Assessment a : assessments) {
            if (a.tier() == null) {
                throw new PolicyUnavailableException("No policy rule classified operation " + a.getIndex() + " ("
                        + a.getKind() + (a.getSku() == null ? "" : " of " + a.getSku())
                        + "), so nothing will be written. The rule base is incomplete: ask an administrator.");
            }
            decisions.add(new OperationDecision(a.getIndex(), a.tier(), a.rulesFired(), a.reason(),
                    a.escalations()));
            max = max.max(a.tier());
        }
        decisions.forEach(d -> meters.counter("changeset.policy.decisions", "tier", d.tier().name()).increment());
        meters.counter("changeset.policy.changesets", "tier", max.name()).increment();
        return new PolicyDecision(decisions, max, thresholds);
    }

    /** The numbers each kind of operation needs; without them the rules cannot decide, so nobody may. */
    private static OperationFacts requireFacts(OperationFacts op) {
        String missing = switch (op.kind()) {
            case READ -> op.sku() == null ? "sku" : null;
            case PRICE -> op.sku() == null ? "sku"
                    : op.oldPrice() == null ? "current price"
                    : op.newPrice() == null ? "new price"
                    : op.cost() == null ? "cost" : null;
            case INVENTORY -> op.sku() == null ? "sku"
                    : op.oldInventory() == null ? "current stock"
                    : op.newInventory() == null ? "new stock" : null;
            case PROMOTION -> op.sku() == null ? "sku"
                    : op.promotionActiveBefore() == null || op.promotionPercentBefore() == null
                            ? "current promotion"
                    : op.promotionActiveAfter() == null || op.promotionPercentAfter() == null
                            ? "new promotion" : null;
            case NOTIFY -> op.recipientIsCaller() == null ? "whether the recipient is the caller" : null;
        };
        if (missing != null) {
            throw new PolicyUnavailableException("The policy cannot decide operation " + op.index() + " ("
                    + op.kind() + (op.sku() == null ? "" : " of " + op.sku()) + "): its " + missing
                    + " is unknown" + ("cost".equals(missing) ? "; fill in the product's cost in the catalog" : "")
                    + ". Nothing will be written.");
        }
        return op;
    }
}
