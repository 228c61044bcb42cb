package dev.changeset.config;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What Quarkus and its extensions document about their own settings, from the configuration metadata every
 * extension jar carries ({@code META-INF/quarkus-config-doc/quarkus-config-model.json} and
 * {@code quarkus-config-javadoc.json}): the default, the environment variable, whether the value is fixed at build
 * time, and the description.
 */
final class QuarkusConfigDocs {

    record Doc(String property, String defaultValue, String environmentVariable, String phase, String description) {

        boolean fixedAtBuild() {
            return phase != null && phase.startsWith("BUILD");
        }
    }

    private record Entry(Pattern pattern, Doc doc) {
    }

    private final List<Entry> entries = new ArrayList<>();

    QuarkusConfigDocs() throws IOException {
        ObjectMapper json = new ObjectMapper();
        ClassLoader loader = getClass().getClassLoader();
        Map<String, String> javadoc = new HashMap<>();
        for (URL url : Collections.list(loader.getResources("META-INF/quarkus-config-doc/quarkus-config-javadoc.json"))) {
            try (InputStream in = url.openStream()) {
                json.readTree(in).path("elements").properties()
                        .forEach(e -> javadoc.put(e.getKey(), e.getValue().path("description").asText("")));
            }
        }
        for (URL url : Collections.list(loader.getResources("META-INF/quarkus-config-doc/quarkus-config-model.json"))) {
            try (InputStream in = url.openStream()) {
                collect(json.readTree(in), javadoc);
            }
        }
    }

    /** The documentation of {@code property}, matching named segments such as {@code "permissions"}. */
    Optional<Doc> of(String property) {
        return entries.stream().filter(e -> e.doc().property().equals(property)).map(Entry::doc).findFirst()
                .or(() -> entries.stream().filter(e -> e.pattern().matcher(property).matches()).map(Entry::doc)
                        .findFirst());
    }

    private void collect(JsonNode node, Map<String, String> javadoc) {
        if (node.isObject()) {
            JsonNode path = node.get("path");
            if (path != null && path.isObject() && path.has("property")) {
                String key = node.path("sourceType").asText().replace('$', '.') + "."
                        + node.path("sourceElementName").asText();
                String property = path.path("property").asText();
                Doc doc = new Doc(property, node.hasNonNull("defaultValue") ? node.get("defaultValue").asText() : null,
                        path.path("environmentVariable").asText(null), node.path("phase").asText(null),
                        javadoc.getOrDefault(key, ""));
                entries.add(new Entry(pattern(property), doc));
                node.path("additionalPaths").forEach(extra -> entries.add(new Entry(pattern(extra.path("property")
                        .asText()), doc)));
            }
            node.properties().forEach(e -> collect(e.getValue(), javadoc));
        } else if (node.isArray()) {
            node.forEach(child -> collect(child, javadoc));
        }
    }

    /** {@code quarkus.http.auth.permission."permissions".paths} matches any one segment in place of the name. */
    private static Pattern pattern(String property) {
        Matcher named = Pattern.compile("\"[^\"]+\"").matcher(property);
        StringBuilder regex = new StringBuilder();
        int last = 0;
        while (named.find()) {
            regex.append(Pattern.quote(property.substring(last, named.start()))).append("(?:\"[^\"]+\"|[^.\"]+)");
            last = named.end();
        }
        return Pattern.compile(regex.append(Pattern.quote(property.substring(last))).toString());
    }
}
