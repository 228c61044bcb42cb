package dev.changeset.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads our settings from the code: every {@code @ConfigMapping} interface under {@code src/main/java} (its members,
 * nested groups, {@code @WithDefault} values and the first sentence of each member's Javadoc), every
 * {@code @ConfigProperty(name = "changeset...")}, and {@code application.properties} as a map of profile-qualified
 * keys. A small line-based reading of our own sources, which follow one layout (one member per line, Javadoc above
 * it); {@link ConfigurationReferenceTest} checks it against SmallRye Config's own view of the interfaces.
 */
final class ConfigSources {

    /** One setting of a mapping interface. */
    record Member(String property, String type, String defaultValue, String doc, String declaredIn) {

        boolean optional() {
            return type.startsWith("Optional<");
        }
    }

    private static final Pattern MAPPING = Pattern.compile("@ConfigMapping\\(prefix = \"([^\"]+)\"\\)");
    private static final Pattern INTERFACE = Pattern.compile("^\\s*(?:public\\s+)?interface (\\w+)\\s*\\{");
    private static final Pattern METHOD = Pattern.compile("^\\s*([\\w.<>, ?\\[\\]]+?)\\s+(\\w+)\\(\\);");
    private static final Pattern WITH_DEFAULT = Pattern.compile("@WithDefault\\(\"((?:[^\"\\\\]|\\\\.)*)\"\\)");
    private static final Pattern CONFIG_PROPERTY = Pattern.compile(
            "@ConfigProperty\\(name = \"(changeset\\.[^\"]+)\"(?:, defaultValue = \"([^\"]*)\")?\\)");

    private ConfigSources() {
    }

    /** The {@code @ConfigMapping} interfaces: fully qualified name to prefix. */
    static Map<String, String> mappings(Path sources) throws IOException {
        Map<String, String> found = new LinkedHashMap<>();
        for (Path file : javaFiles(sources)) {
            Matcher m = MAPPING.matcher(Files.readString(file));
            if (m.find()) {
                found.put(className(sources, file), m.group(1));
            }
        }
        return found;
    }

    /** Every setting of every mapping, in source order. */
    static List<Member> members(Path sources) throws IOException {
        List<Member> all = new ArrayList<>();
        for (Map.Entry<String, String> mapping : mappings(sources).entrySet()) {
            Path file = sources.resolve(mapping.getKey().replace('.', '/') + ".java");
            Map<String, String> groupDocs = new LinkedHashMap<>();
            Map<String, List<String[]>> interfaces = parse(Files.readString(file), groupDocs);
            String root = mapping.getKey().substring(mapping.getKey().lastIndexOf('.') + 1);
            expand(interfaces, groupDocs, root, mapping.getValue(), root, all);
        }
        return all;
    }

    /** {@code @ConfigProperty(name = "changeset...")} injections: name to default ({@code null} when none). */
    static Map<String, String> configProperties(Path sources) throws IOException {
        Map<String, String> found = new LinkedHashMap<>();
        for (Path file : javaFiles(sources)) {
            Matcher m = CONFIG_PROPERTY.matcher(Files.readString(file));
            while (m.find()) {
                found.put(m.group(1), m.group(2));
            }
        }
        return found;
    }

    /** application.properties as written (profile prefixes kept, continuation lines joined). */
    static Map<String, String> properties(Path file) throws IOException {
        Map<String, String> props = new LinkedHashMap<>();
        String joined = Files.readString(file).replaceAll("\\\\\\n\\s*", "");
        for (String line : joined.split("\n")) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            int eq = t.indexOf('=');
            props.put(t.substring(0, eq).strip(), t.substring(eq + 1).strip());
        }
        return props;
    }

    /** The value production sees in application.properties: {@code %prod.key}, else the unprofiled key. */
    static Optional<String> productionValue(Map<String, String> props, String key) {
        return Optional.ofNullable(props.getOrDefault("%prod." + key, props.get(key)));
    }

    /** interface name -> members as {type, name, default or null, doc}; each interface's own doc into docs. */
    private static Map<String, List<String[]>> parse(String source, Map<String, String> docs) {
        Map<String, List<String[]>> interfaces = new LinkedHashMap<>();
        List<String> stack = new ArrayList<>();
        List<Integer> depths = new ArrayList<>();
        int depth = 0;
        StringBuilder doc = null;
        String lastDoc = "";
        String withDefault = null;
        for (String line : source.split("\n")) {
            String t = line.strip();
            if (doc != null) {
                doc.append(' ').append(t.replaceFirst("^\\*/?", "").replace("*/", ""));
                if (t.endsWith("*/")) {
                    lastDoc = doc.toString().strip();
                    doc = null;
                }
                continue;
            }
            if (t.startsWith("/**")) {
                doc = new StringBuilder(t.substring(3).replace("*/", ""));
                if (t.endsWith("*/")) {
                    lastDoc = doc.toString().strip();
                    doc = null;
                }
                continue;
            }
            Matcher d = WITH_DEFAULT.matcher(t);
            if (d.find()) {
                withDefault = d.group(1).replace("\\\\", "\\").replace("\\\"", "\"");
            }
            Matcher i = INTERFACE.matcher(line);
            if (i.find()) {
                stack.add(i.group(1));
                depths.add(depth);
                interfaces.put(i.group(1), new ArrayList<>());
                docs.put(i.group(1), lastDoc);
                lastDoc = "";
            }
            Matcher m = METHOD.matcher(line);
            if (!stack.isEmpty() && m.find() && !t.startsWith("return") && depth == depths.get(depths.size() - 1) + 1) {
                interfaces.get(stack.get(stack.size() - 1)).add(new String[] { m.group(1).strip(), m.group(2),
                        withDefault, lastDoc });
                withDefault = null;
                lastDoc = "";
            }
            depth += count(t, '{') - count(t, '}');
            while (!depths.isEmpty() && depth <= depths.get(depths.size() - 1)) {
                depths.remove(depths.size() - 1);
                stack.remove(stack.size() - 1);
            }
        }
        return interfaces;
    }

    /** Walks a mapping's members; one without Javadoc is described by its group's Javadoc and its own name. */
    private static void expand(Map<String, List<String[]>> interfaces, Map<String, String> docs, String name,
            String prefix, String root, List<Member> out) {
        for (String[] m : interfaces.get(name)) {
            String property = prefix + "." + kebab(m[1]);
            if (interfaces.containsKey(m[0])) {
                expand(interfaces, docs, m[0], property, root, out);
            } else {
                String group = docs.getOrDefault(name, "").replaceFirst("\\.$", "");
                String doc = !m[3].isEmpty() || group.isEmpty() ? m[3] : group + ": {@code " + kebab(m[1]) + "}.";
                out.add(new Member(property, m[0], m[2], doc, root));
            }
        }
    }

    /** SmallRye Config's default naming: {@code maxRetries} -> {@code max-retries}. */
    static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
    }

    private static int count(String s, char c) {
        return (int) s.chars().filter(x -> x == c).count();
    }

    private static List<Path> javaFiles(Path sources) throws IOException {
        try (Stream<Path> files = Files.walk(sources)) {
            return files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> !p.toString().contains("/dev/changeset/sandbox/")).sorted().toList();
        }
    }

    private static String className(Path sources, Path file) {
        String relative = sources.relativize(file).toString();
        return relative.substring(0, relative.length() - ".java".length()).replace('/', '.');
    }
}
