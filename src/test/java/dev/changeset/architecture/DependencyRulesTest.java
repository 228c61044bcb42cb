package dev.changeset.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The package rules of docs/architecture.md ("Packages and which may use which"), checked on the compiled
 * production classes. The table below is that section's table: a package may import only its own classes, the
 * packages listed for it, and anything outside {@code dev.changeset}. A new package fails
 * {@link #everyPackageHasARule()} until someone writes down what it may use.
 */
class DependencyRulesTest {

    private static final String ROOT = "dev.changeset";

    /** Package -> the packages of ours it may use ("root" is {@code dev.changeset} itself). */
    static final Map<String, Set<String>> MAY_USE = Map.ofEntries(
            Map.entry("mcp", Set.of("pipeline", "identity", "audit", "policy", "approval", "connect", "text", "root")),
            Map.entry("pipeline", Set.of("approval", "audit", "catalog", "identity", "notify", "policy", "signals",
                    "text", "vault", "telemetry", "jdbc", "root")),
            Map.entry("identity", Set.of("text", "root")),
            Map.entry("vault", Set.of("identity", "text", "root")),
            Map.entry("catalog", Set.of("vault", "telemetry", "text", "root")),
            Map.entry("policy", Set.of()),
            Map.entry("signals", Set.of("identity", "policy", "approval", "text", "root")),
            Map.entry("approval", Set.of("identity", "policy", "text", "jdbc", "root")),
            Map.entry("audit", Set.of("identity", "text", "jdbc", "root")),
            Map.entry("notify", Set.of("audit", "vault", "telemetry", "text", "jdbc", "root")),
            Map.entry("connect", Set.of("vault", "identity", "text", "root")),
            Map.entry("text", Set.of()),
            Map.entry("telemetry", Set.of()),
            Map.entry("jdbc", Set.of()),
            Map.entry("nativeimage", Set.of()),
            Map.entry("sandbox", Set.of()));

    /**
     * Package -> packages whose values (records) it may hold but whose services and exceptions it may not use: the
     * tools show the rows a pipeline read returned, they never call the catalog themselves.
     */
    static final Map<String, Set<String>> VALUES_OF = Map.of("mcp", Set.of("catalog"));

    private static final DescribedPredicate<JavaClass> NOT_A_RECORD =
            DescribedPredicate.describe("are not records", c -> !c.isRecord());

    /**
     * The classes that still break a rule, by name, each with what is left to do. They are left out of the rules and
     * nothing else is: a new violation fails, and {@link #theKnownDebtIsStillDebt} fails once one of them is fixed,
     * so the list only shrinks. Empty since issue 17 items 1 and 3 (session tracking in identity, the read step and
     * one user-actionable error type in the pipeline).
     */
    static final Map<String, String> KNOWN_DEBT = Map.of();

    private static final DescribedPredicate<JavaClass> DEBT =
            DescribedPredicate.describe("are known debt", c -> KNOWN_DEBT.containsKey(c.getName().split("\\$")[0]));

    private static JavaClasses production;

    @BeforeAll
    static void importProductionClasses() {
        production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages(ROOT);
    }

    static Set<String> packages() {
        return MAY_USE.keySet();
    }

    @ParameterizedTest
    @MethodSource("packages")
    void aPackageUsesOnlyWhatItsRuleAllows(String name) {
        Set<String> allowed = MAY_USE.get(name);
        Set<String> valuesOnly = VALUES_OF.getOrDefault(name, Set.of());
        String[] forbidden = MAY_USE.keySet().stream()
                .filter(other -> !other.equals(name) && !allowed.contains(other) && !valuesOnly.contains(other))
                .map(other -> ROOT + "." + other + "..")
                .toArray(String[]::new);
        noClasses().that().resideInAPackage(ROOT + "." + name + "..").and(DescribedPredicate.not(DEBT))
                .should().dependOnClassesThat().resideInAnyPackage(forbidden)
                .because("docs/architecture.md: " + name + " may use only " + new TreeSet<>(allowed))
                .check(production);
        for (String values : valuesOnly) {
            noClasses().that().resideInAPackage(ROOT + "." + name + "..").and(DescribedPredicate.not(DEBT))
                    .should().dependOnClassesThat(resideInAPackage(ROOT + "." + values + "..").and(NOT_A_RECORD))
                    .because("docs/architecture.md: " + name + " holds " + values + "'s values, never calls it")
                    .check(production);
        }
        if (!allowed.contains("root")) {
            noClasses().that().resideInAPackage(ROOT + "." + name + "..")
                    .should().dependOnClassesThat().resideInAPackage(ROOT)
                    .because("docs/architecture.md: " + name + " does not use the root package")
                    .check(production);
        }
    }

    /** The three rules issue 17 names, spelled out so that a change to the table cannot quietly drop them. */
    @Test
    void theSandboxIsNeverReachedFromProductionCode() {
        noClasses().that().resideOutsideOfPackage(ROOT + ".sandbox..")
                .should().dependOnClassesThat().resideInAPackage(ROOT + ".sandbox..")
                .because("production builds do not compile the sandbox")
                .check(production);
    }

    @Test
    void toolsNeverReachTheVaultOrTheCatalog() {
        noClasses().that().resideInAPackage(ROOT + ".mcp..").and(DescribedPredicate.not(DEBT))
                .should().dependOnClassesThat(resideInAPackage(ROOT + ".vault..")
                        .or(resideInAPackage(ROOT + ".catalog..").and(NOT_A_RECORD)))
                .because("a tool goes through the pipeline, which holds the roles' Google access")
                .check(production);
    }

    @Test
    void thePolicyDecidesFromFactsOnly() {
        noClasses().that().resideInAPackage(ROOT + ".policy..")
                .should().dependOnClassesThat().resideInAnyPackage(ROOT + ".catalog..", ROOT + ".vault..",
                        ROOT + ".mcp..", ROOT + ".pipeline..")
                .check(production);
    }

    @Test
    void nothingDependsOnTheToolsLayer() {
        noClasses().that().resideOutsideOfPackage(ROOT + ".mcp..").and(DescribedPredicate.not(DEBT))
                .should().dependOnClassesThat().resideInAPackage(ROOT + ".mcp..")
                .because("mcp is the top layer: arrows never run back up into it")
                .check(production);
    }

    /** Each class on the debt list still breaks a rule; once it does not, it must leave the list. */
    @Test
    void theKnownDebtIsStillDebt() {
        for (String name : KNOWN_DEBT.keySet()) {
            JavaClass debtor = production.get(name);
            String own = debtor.getPackageName().substring(ROOT.length() + 1);
            Set<String> allowed = MAY_USE.get(own);
            boolean breaks = debtor.getDirectDependenciesFromSelf().stream()
                    .map(d -> d.getTargetClass())
                    .filter(t -> t.getPackageName().startsWith(ROOT + ".") && !t.getPackageName().equals(ROOT))
                    .filter(t -> !(VALUES_OF.getOrDefault(own, Set.of()).contains(top(t)) && t.isRecord()))
                    .anyMatch(t -> !top(t).equals(own) && !allowed.contains(top(t)));
            assertTrue(breaks, name + " keeps to the rules now: take it off KNOWN_DEBT");
        }
    }

    private static String top(JavaClass c) {
        return c.getPackageName().substring(ROOT.length() + 1).split("\\.")[0];
    }

    @Test
    void everyPackageHasARule() {
        Set<String> present = production.stream()
                .map(JavaClass::getPackageName)
                .filter(p -> p.startsWith(ROOT + "."))
                .map(p -> p.substring(ROOT.length() + 1).split("\\.")[0])
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(MAY_USE.keySet()), present,
                "every package under dev.changeset needs a line in docs/architecture.md and in MAY_USE");
    }
}
