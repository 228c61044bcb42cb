package dev.changeset.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.smallrye.config.ConfigMappings;

/**
 * README.md's "Configuration" section is generated from the code: every {@code changeset.*} setting of the
 * {@code @ConfigMapping} interfaces and {@code @ConfigProperty} injections, and every Quarkus setting
 * application.properties gives production, each with its environment variable, its production default, whether it
 * is secret, and what it is (our Javadoc, or the extension's own documentation). The test fails when README.md
 * differs from what the code says; {@code -Dconfig-reference.update=true} rewrites the section.
 */
class ConfigurationReferenceTest {

    private static final Path SOURCES = Path.of("src/main/java");
    private static final Path PROPERTIES = Path.of("src/main/resources/application.properties");
    private static final Path README = Path.of("README.md");
    private static final String HEADING = "## Configuration";

    /** Quarkus settings we do not set but an operator will want, shown with Quarkus' defaults. */
    private static final List<String> ALSO = List.of("quarkus.http.port", "quarkus.otel.exporter.otlp.endpoint",
            "quarkus.log.level");

    /** Quarkus settings whose extension ships no documentation on the runtime class path. */
    private static final Map<String, String> QUARKUS_NOTES = Map.of(
            "quarkus.keycloak.devservices.enabled", "Dev Services for Keycloak: off (dev and tests use the sandbox).",
            "quarkus.oidc.devservices.enabled", "Dev Services for OIDC: off (dev and tests use the sandbox).");

    private static final int LONGEST_VALUE = 100;

    /** What {@code @ConfigProperty} settings are (they have no Javadoc of their own); prefer a mapping. */
    private static final Map<String, String> NOTES = Map.of();

    private static final Pattern WHOLE_ENV = Pattern.compile("^\\$\\{([A-Z][A-Z0-9_]*)(?::(.*))?}$");
    private static final Pattern SOME_ENV = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?::[^}]*)?}");

    @Test
    void readme_lists_every_setting_as_the_code_has_it() throws IOException {
        String expected = render();
        String readme = Files.readString(README);
        int start = readme.indexOf("\n" + HEADING + "\n");
        assertTrue(start >= 0, "README.md has no \"" + HEADING + "\" heading");
        int next = readme.indexOf("\n## ", start + HEADING.length() + 2);
        String actual = readme.substring(start + 1, next < 0 ? readme.length() : next + 1);
        if (actual.equals(expected)) {
            return;
        }
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/config-reference.md"), expected);
        if (Boolean.getBoolean("config-reference.update")) {
            Files.writeString(README, readme.substring(0, start + 1) + expected
                    + (next < 0 ? "" : readme.substring(next + 1)));
            return;
        }
        fail("README.md's \"Configuration\" section is not what the code says (a setting was added, removed or"
                + " changed). The expected section is in target/config-reference.md; rewrite README.md with"
                + " ./mvnw test -Dtest=ConfigurationReferenceTest -Dconfig-reference.update=true\nMissing or"
                + " different rows:\n" + difference(expected, actual));
    }

    @Test
    void reading_the_sources_finds_what_smallrye_config_finds() throws Exception {
        Set<String> ours = ConfigSources.members(SOURCES).stream().map(ConfigSources.Member::property)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> smallrye = new TreeSet<>();
        for (Map.Entry<String, String> mapping : ConfigSources.mappings(SOURCES).entrySet()) {
            Class<?> type = Class.forName(mapping.getKey());
            ConfigMappings.getProperties(new ConfigMappings.ConfigClass(type, mapping.getValue())).keySet()
                    .forEach(key -> smallrye.add(key.replace("[*]", "")));
        }
        assertEquals(smallrye, ours);
        assertTrue(ours.size() > 60, "found " + ours.size());
    }

    @Test
    void every_setting_says_what_it_is() throws IOException {
        for (String name : ConfigSources.configProperties(SOURCES).keySet()) {
            assertTrue(NOTES.containsKey(name), "add a note for " + name + " to ConfigurationReferenceTest.NOTES");
        }
        List<String> undescribed = render().lines().filter(l -> l.startsWith("| `") && l.endsWith("|  |")).toList();
        assertEquals(List.of(), undescribed, "give these a Javadoc (or a note here)");
    }

    /** The section: heading, how to read it, the table. */
    static String render() throws IOException {
        Map<String, String> props = ConfigSources.properties(PROPERTIES);
        List<String> rows = new ArrayList<>();
        for (ConfigSources.Member m : ConfigSources.members(SOURCES)) {
            rows.add(row(m.property(), props, Optional.ofNullable(m.defaultValue()), m.optional(),
                    firstSentence(m.doc())));
        }
        ConfigSources.configProperties(SOURCES).forEach((name, def) -> rows.add(row(name, props,
                Optional.ofNullable(def), false, NOTES.getOrDefault(name, ""))));
        QuarkusConfigDocs docs = new QuarkusConfigDocs();
        Set<String> quarkus = new java.util.LinkedHashSet<>();
        props.keySet().stream().map(k -> k.startsWith("%prod.") ? k.substring(6) : k)
                .filter(k -> k.startsWith("quarkus.")).forEach(quarkus::add);
        quarkus.addAll(ALSO);
        for (String key : quarkus) {
            Optional<QuarkusConfigDocs.Doc> doc = docs.of(key);
            String text = QUARKUS_NOTES.getOrDefault(key, firstSentence(doc.map(QuarkusConfigDocs.Doc::description)
                    .orElse("")));
            if (doc.map(QuarkusConfigDocs.Doc::fixedAtBuild).orElse(false)) {
                text += " Fixed at build time.";
            }
            rows.add(row(key, props, doc.map(QuarkusConfigDocs.Doc::defaultValue), true, text));
        }
        return HEADING + "\n\n"
                + "Generated from the code by `ConfigurationReferenceTest`, which fails when this table and the code"
                + " differ (`./mvnw test -Dtest=ConfigurationReferenceTest -Dconfig-reference.update=true` rewrites"
                + " it). Every setting can be given as its environment variable: the one application.properties"
                + " names (`${CHANGESET_DB_URL}`), else the MicroProfile Config form of its name (upper case, every"
                + " other character `_`: `changeset.vault.client-id` is `CHANGESET_VAULT_CLIENT_ID`). The defaults"
                + " are production's (`%prod.`); dev and tests point everything at the sandbox. *required*: the"
                + " server does not start without it (fail closed). Secrets come from a Kubernetes Secret"
                + " (`k8s/secret.example.yaml`), never from a ConfigMap or the repository. A setting fixed at build"
                + " time needs a new build to change.\n\n"
                + "| setting | environment variable | production default | secret | what it is |\n"
                + "|---|---|---|---|---|\n"
                + String.join("\n", rows) + "\n";
    }

    private static String row(String name, Map<String, String> props, Optional<String> codeDefault,
            boolean optional, String doc) {
        Optional<String> value = ConfigSources.productionValue(props, name);
        String env = mapped(name);
        String shown;
        Matcher whole = WHOLE_ENV.matcher(value.orElse(""));
        Matcher some = SOME_ENV.matcher(value.orElse(""));
        if (whole.matches()) {
            env = whole.group(1);
            shown = whole.group(2) == null ? "*required*" : whole.group(2).isEmpty() ? "(empty)" : code(whole.group(2));
        } else if (value.isPresent()) {
            if (some.find()) {
                env = some.group(1);
            }
            shown = code(value.get());
        } else if (codeDefault.isPresent()) {
            shown = code(codeDefault.get());
        } else {
            shown = optional ? "(none)" : "*required*";
        }
        boolean secret = name.matches(".*(secret|password)$");
        return "| `" + name + "` | `" + env + "` | " + shown + " | " + (secret ? "**yes**" : "no") + " | "
                + cell(doc) + " |";
    }

    /** MicroProfile Config's environment variable for a property name. */
    static String mapped(String name) {
        return name.replaceAll("[^A-Za-z0-9]", "_").toUpperCase();
    }

    private static String code(String value) {
        if (value.length() > LONGEST_VALUE) {
            return "(" + value.length() + " characters: see application.properties)";
        }
        return value.isEmpty() ? "(empty)" : "`" + value.replace("|", "\\|").replace("`", "'") + "`";
    }

    /** Javadoc to one Markdown sentence: {@code x} and {@link X} as code, tags dropped, pipes escaped. */
    static String firstSentence(String javadoc) {
        String text = javadoc.replaceAll("\\{@(?:code|literal) ([^}]*)}", "`$1`")
                .replaceAll("\\{@link(?:plain)? (?:[\\w.]*#)?([^} ]+)[^}]*}", "`$1`")
                .replaceAll("</?[a-zA-Z][^>]*>", " ").replaceAll("@asciidoclet", "")
                .replaceAll("\\s+", " ").strip();
        Matcher end = Pattern.compile("(?<=[A-Za-z0-9)`\\]\"'])\\.(?=\\s+[A-Z(`])").matcher(text);
        return end.find() ? text.substring(0, end.start() + 1) : text;
    }

    private static String cell(String text) {
        return text.replace("|", "\\|");
    }

    private static String difference(String expected, String actual) {
        Set<String> have = Set.of(actual.split("\n"));
        return expected.lines().filter(l -> l.startsWith("| `") && !have.contains(l))
                .collect(Collectors.joining("\n"));
    }
}
