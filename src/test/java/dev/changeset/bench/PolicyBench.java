package dev.changeset.bench;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import dev.changeset.policy.ChangesetFacts;
import dev.changeset.policy.DroolsPolicy;
import dev.changeset.policy.OperationFacts;
import dev.changeset.policy.Policy;
import dev.changeset.policy.PolicyDecision;
import dev.changeset.policy.PolicyRequest;
import dev.changeset.policy.Thresholds;
import dev.changeset.policy.UserState;
import dev.changeset.support.DrlRuntime;

/**
 * Our policy engine on the baseline's ten operations (src/bench/policy.sh runs the json-rules-engine baseline
 * beside it and prints the ratio). The engine is the application's {@link DroolsPolicy} over a rule base built
 * from the same kmodule.xml and DRL, compiled to the same executable model the application build generates;
 * only the way the rule base is loaded differs (compiled at start here, generated classes in the application).
 * Each benchmark call is one evaluation of a single-operation changeset: a fresh stateless session, all facts
 * inserted, rules fired, decision built; nothing is reused between calls but the rule base.
 *
 * <p>Run: {@code ./mvnw test -Pbench -Dtest=PolicyBench} (add {@code -Dbench.jvm=<java wrapper>} to pin the
 * measured JVM, as policy.sh does with {@code taskset -c 1}).
 */
@State(Scope.Benchmark)
public class PolicyBench {

    /** Rule sessions kept for reuse (changeset.policy.session-pool-size); 0 is a new session per evaluation. */
    @Param({ "0", "4" })
    public int sessionPoolSize;

    private Policy policy;
    private List<PolicyRequest> single;
    private PolicyRequest changesetOfTen;
    private int next;

    @Setup
    public void setUp() {
        // As in the application (quarkus.log.level=INFO): outside Quarkus the JBoss log manager would otherwise
        // enable TRACE, and Drools would format a trace message for every node it visits.
        org.jboss.logmanager.LogContext.getLogContext().getLogger("").setLevel(java.util.logging.Level.INFO);
        policy = new DroolsPolicy(DrlRuntime.ofApplicationRules(), new Thresholds(d("10"), d("30"), d("50"), 20,
                d("0.7"), 60, Duration.ofMinutes(5), Duration.ofHours(24)), sessionPoolSize);
        single = baselineOperations();
        List<OperationFacts> all = new ArrayList<>();
        for (int i = 0; i < single.size(); i++) {
            OperationFacts op = single.get(i).operations().get(0);
            all.add(new OperationFacts(i, op.sku(), op.kind(), op.oldPrice(), op.newPrice(), op.cost(),
                    op.oldInventory(), op.newInventory(), op.promotionActiveBefore(), op.promotionPercentBefore(),
                    op.promotionActiveAfter(), op.promotionPercentAfter(), op.recipient(), op.recipientIsCaller(),
                    op.baseline()));
        }
        changesetOfTen = PolicyRequest.of(all, Optional.empty(), Optional.of(new UserState(Optional.of(d("0.2")),
                10, true)));
    }

    /**
     * The ten operations of the baseline's rules-bench.mjs, each with its changeset size, stress and session
     * minutes. The baseline has no current stock, so its inventory deltas apply to a stock of 40.
     */
    static List<PolicyRequest> baselineOperations() {
        return List.of(
                request(OperationFacts.read(0, "SKU-1"), 1, "0.2", 10),
                request(OperationFacts.inventory(0, "SKU-1", 40, 35), 1, "0.2", 10),
                request(OperationFacts.price(0, "SKU-1", d("10"), d("10.5"), d("6")), 1, "0.2", 10),
                request(OperationFacts.price(0, "SKU-1", d("10"), d("12"), d("6")), 1, "0.2", 10),
                request(OperationFacts.price(0, "SKU-1", d("10"), d("6"), d("4")), 1, "0.2", 10),
                request(OperationFacts.price(0, "SKU-1", d("10"), d("9.5"), d("9.8")), 1, "0.2", 10),
                request(OperationFacts.promotion(0, "SKU-1", false, d("0"), true, d("10")), 1, "0.2", 10),
                request(OperationFacts.inventory(0, "SKU-1", 40, 43), 25, "0.2", 10),
                request(OperationFacts.read(0, "SKU-1"), 1, "0.9", 10),
                request(OperationFacts.read(0, "SKU-1"), 1, "0.2", 75));
    }

    private static PolicyRequest request(OperationFacts op, int changesetSize, String stress, long minutes) {
        int writes = op.kind().isWrite() ? changesetSize : 0;
        return new PolicyRequest(List.of(op), new ChangesetFacts(writes, Optional.empty()),
                Optional.of(new UserState(Optional.of(d(stress)), minutes, true)));
    }

    @Benchmark
    @BenchmarkMode({ Mode.Throughput, Mode.SampleTime })
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public PolicyDecision singleOperation() {
        PolicyRequest request = single.get(next);
        next = next == single.size() - 1 ? 0 : next + 1;
        return policy.evaluate(request);
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public PolicyDecision changesetOfTenOperations() {
        return policy.evaluate(changesetOfTen);
    }

    private static BigDecimal d(String value) {
        return new BigDecimal(value);
    }

    /** The JUnit entry point: runs the benchmarks in a forked JVM and prints one line per figure. */
    @Test
    void run() throws Exception {
        // The decisions first, as the baseline prints its own, so that both engines are seen to agree.
        PolicyBench printer = new PolicyBench();
        printer.setUp();
        for (PolicyRequest r : printer.single) {
            var op = printer.policy.evaluate(r).operations().get(0);
            System.out.println("POLICY-BENCH decision " + r.operations().get(0).kind() + " " + op.tier() + " "
                    + op.rulesFired());
        }
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(PolicyBench.class.getName() + "\\.")
                .warmupIterations(Integer.getInteger("bench.warmups", 4))
                .warmupTime(org.openjdk.jmh.runner.options.TimeValue.seconds(2))
                .measurementIterations(Integer.getInteger("bench.iterations", 5))
                .measurementTime(org.openjdk.jmh.runner.options.TimeValue.seconds(2))
                .forks(1)
                .threads(1)
                .shouldFailOnError(true);
        String jvm = System.getProperty("bench.jvm");
        if (jvm != null && !jvm.isBlank()) {
            options.jvm(jvm);
        }
        for (RunResult result : new Runner(options.build()).run()) {
            String name = result.getParams().getBenchmark().replaceAll(".*\\.", "") + " pool="
                    + result.getParams().getParam("sessionPoolSize");
            Mode mode = result.getParams().getMode();
            var stats = result.getPrimaryResult().getStatistics();
            if (mode == Mode.Throughput) {
                double perSecond = result.getPrimaryResult().getScore() * 1_000_000;
                System.out.println(String.format(Locale.ROOT, "POLICY-BENCH %s throughput rate=%.0f/s (+-%.0f)",
                        name, perSecond, result.getPrimaryResult().getScoreError() * 1_000_000));
            } else if (mode == Mode.SampleTime) {
                System.out.println(String.format(Locale.ROOT,
                        "POLICY-BENCH %s latency p50=%.2fus p90=%.2fus p99=%.2fus samples=%d", name,
                        stats.getPercentile(50), stats.getPercentile(90), stats.getPercentile(99), stats.getN()));
            }
        }
    }
}
