package dev.changeset.k8s;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;

import io.kubernetes.client.openapi.JSON;

/**
 * The Kubernetes manifests under k8s/: rendered with {@code kubectl kustomize} (the kubectl on the machine; CI
 * installs none of its own) and validated against the Kubernetes API schema with the official Kubernetes Java
 * client's models (io.kubernetes:client-java-api, generated from the Kubernetes OpenAPI document): each model's
 * {@code validateJsonElement} rejects a field the schema does not define and a missing required field, at every
 * level, and Gson then binds every value to its schema type.
 */
final class Manifests {

    static final Path K8S = Path.of("k8s");
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final String MODELS = "io.kubernetes.client.openapi.models.";
    private static final Map<String, List<JsonNode>> RENDERED = new ConcurrentHashMap<>();

    private Manifests() {
    }

    /** The overlays, by directory name. */
    static List<String> overlays() throws IOException {
        try (Stream<Path> dirs = Files.list(K8S.resolve("overlays"))) {
            return dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString()).sorted().toList();
        }
    }

    /** {@code kubectl kustomize k8s/<dir>}, parsed into one node per object (rendered once per test run). */
    static List<JsonNode> render(String dir) throws IOException, InterruptedException {
        List<JsonNode> done = RENDERED.get(dir);
        if (done == null) {
            done = kustomize(dir);
            RENDERED.put(dir, done);
        }
        return done;
    }

    private static List<JsonNode> kustomize(String dir) throws IOException, InterruptedException {
        Path errors = Files.createTempFile("kustomize", ".err");
        try {
            Process kubectl;
            try {
                kubectl = new ProcessBuilder("kubectl", "kustomize", K8S.resolve(dir).toString())
                        .redirectError(errors.toFile()).start();
            } catch (IOException e) {
                throw new IllegalStateException("kubectl is needed to build the Kustomize overlays (.ci/run "
                        + "installs it when missing)", e);
            }
            String out = new String(kubectl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!kubectl.waitFor(60, TimeUnit.SECONDS) || kubectl.exitValue() != 0) {
                throw new IllegalStateException("kubectl kustomize k8s/" + dir + " failed:\n" + Files.readString(errors));
            }
            return List.copyOf(parse(out));
        } finally {
            Files.deleteIfExists(errors);
        }
    }

    static List<JsonNode> parse(String yaml) throws IOException {
        List<JsonNode> objects = new ArrayList<>();
        try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                if (doc != null && !doc.isEmpty()) {
                    objects.add(doc);
                }
            }
        }
        return objects;
    }

    static JsonNode read(Path file) throws IOException {
        return YAML.readTree(file.toFile());
    }

    /**
     * Validates one object strictly against the schema of its apiVersion and kind; throws
     * {@link IllegalArgumentException} naming the object and the problem.
     */
    static void validate(JsonNode object) {
        String apiVersion = object.path("apiVersion").asText();
        String kind = object.path("kind").asText();
        String where = apiVersion + " " + kind + " " + object.path("metadata").path("name").asText();
        String version = apiVersion.substring(apiVersion.lastIndexOf('/') + 1);
        Class<?> model;
        try {
            model = Class.forName(MODELS + version.substring(0, 1).toUpperCase(Locale.ROOT) + version.substring(1)
                    + kind);
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException(where + ": no schema for this apiVersion and kind");
        }
        JsonElement json = JsonParser.parseString(object.toString());
        try {
            model.getMethod("validateJsonElement", JsonElement.class).invoke(null, json);
            new JSON().getGson().fromJson(json, model);
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException(where + ": " + e.getCause().getMessage(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }

    static List<JsonNode> ofKind(List<JsonNode> objects, String kind) {
        return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
    }

    static JsonNode named(List<JsonNode> objects, String kind, String name) {
        return ofKind(objects, kind).stream().filter(o -> name.equals(o.path("metadata").path("name").asText()))
                .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " " + name));
    }

    /** The containers of a pod template, init containers (sidecars) included. */
    static List<JsonNode> containers(JsonNode podSpec) {
        List<JsonNode> all = new ArrayList<>();
        podSpec.path("initContainers").forEach(all::add);
        podSpec.path("containers").forEach(all::add);
        return all;
    }
}
