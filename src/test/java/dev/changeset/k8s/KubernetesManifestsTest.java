package dev.changeset.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.changeset.support.RouteTable;

/** Every overlay under k8s/overlays builds, matches the Kubernetes schema strictly, and keeps our promises. */
class KubernetesManifestsTest {

    private static final String SERVER = "commerce-changeset-mcp";
    /** CIBA requested_expiry, the longest a tool call may wait for an approval (docs/architecture.md, docs/protocols.md). */
    private static final int APPROVAL_DEADLINE_SECONDS = 300;

    static List<String> overlays() throws IOException {
        return Manifests.overlays();
    }

    @Test
    void thereAreADemoAndAProductionOverlay() throws IOException {
        assertTrue(overlays().containsAll(List.of("demo", "production")), "overlays: " + overlays());
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyOverlayBuildsAndEveryObjectMatchesTheKubernetesSchema(String overlay) throws Exception {
        List<JsonNode> objects = Manifests.render("overlays/" + overlay);

        List<String> problems = new ArrayList<>();
        for (JsonNode object : objects) {
            try {
                Manifests.validate(object);
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        assertEquals(List.of(), problems);
        assertFalse(Manifests.ofKind(objects, "Deployment").isEmpty());
    }

    @Test
    void theValidatorRejectsAnUnknownFieldAndAMissingRequiredOne() throws Exception {
        JsonNode deployment = Manifests.named(Manifests.render("base"), "Deployment", SERVER);
        Manifests.validate(deployment);

        ObjectNode typo = deployment.deepCopy();
        ((ObjectNode) typo.at("/spec/template/spec/containers/0")).set("readinessprobe",
                typo.at("/spec/template/spec/containers/0/readinessProbe"));
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> Manifests.validate(typo));
        assertTrue(unknown.getMessage().contains("readinessprobe"), unknown.getMessage());

        ObjectNode noSelector = deployment.deepCopy();
        ((ObjectNode) noSelector.get("spec")).remove("selector");
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> Manifests.validate(noSelector));
        assertTrue(missing.getMessage().contains("selector"), missing.getMessage());
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void noSecretIsRenderedAndEverySecretKeyReadIsDocumentedInTheExample(String overlay) throws Exception {
        List<JsonNode> objects = Manifests.render("overlays/" + overlay);
        JsonNode example = Manifests.read(Manifests.K8S.resolve("secret.example.yaml"));

        assertEquals(List.of(), Manifests.ofKind(objects, "Secret"), "secret values are created by the operator");
        for (JsonNode deployment : Manifests.ofKind(objects, "Deployment")) {
            for (JsonNode container : Manifests.containers(deployment.at("/spec/template/spec"))) {
                for (JsonNode env : container.path("env")) {
                    JsonNode ref = env.at("/valueFrom/secretKeyRef");
                    if (!ref.isMissingNode()) {
                        assertEquals(example.at("/metadata/name").asText(), ref.path("name").asText());
                        assertTrue(example.path("stringData").has(ref.path("key").asText()),
                                "k8s/secret.example.yaml lacks " + ref.path("key").asText());
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void thePodsAreHardenedAndTheServerStopsSlowerThanTheApprovalDeadline(String overlay) throws Exception {
        List<JsonNode> objects = Manifests.render("overlays/" + overlay);

        for (JsonNode deployment : Manifests.ofKind(objects, "Deployment")) {
            JsonNode pod = deployment.at("/spec/template/spec");
            assertTrue(pod.at("/securityContext/runAsNonRoot").asBoolean(), deployment.at("/metadata/name") + "");
            for (JsonNode container : Manifests.containers(pod)) {
                String name = container.path("name").asText();
                assertTrue(container.at("/securityContext/readOnlyRootFilesystem").asBoolean(), name);
                assertFalse(container.at("/securityContext/allowPrivilegeEscalation").asBoolean(true), name);
                assertEquals("ALL", container.at("/securityContext/capabilities/drop/0").asText(), name);
                assertTrue(container.path("volumeMounts").findValuesAsText("mountPath").contains("/tmp"), name);
            }
        }
        JsonNode pod = Manifests.named(objects, "Deployment", SERVER).at("/spec/template/spec");
        int preStop = pod.at("/containers/0/lifecycle/preStop/sleep/seconds").asInt();
        assertTrue(preStop > 0, "a preStop wait");
        assertTrue(pod.path("terminationGracePeriodSeconds").asInt() > APPROVAL_DEADLINE_SECONDS + preStop,
                "grace period above the approval deadline plus the preStop wait");
    }

    @Test
    void theIngressKeepsASessionOnOnePodAndLongCallsOpen() throws Exception {
        List<JsonNode> objects = Manifests.render("overlays/production");
        JsonNode ingress = Manifests.named(objects, "Ingress", SERVER);
        JsonNode annotations = ingress.at("/metadata/annotations");

        // The key must be on the initialize request too (Mcp-Session-Id is not): see k8s/base/ingress.yaml.
        assertEquals("$http_authorization", annotations.path("nginx.ingress.kubernetes.io/upstream-hash-by").asText());
        assertTrue(annotations.path("nginx.ingress.kubernetes.io/proxy-read-timeout").asInt()
                > APPROVAL_DEADLINE_SECONDS);
        assertEquals("off", annotations.path("nginx.ingress.kubernetes.io/proxy-buffering").asText());
        String servicePort = ingress.at("/spec/rules/0/http/paths/0/backend/service/port/name").asText();
        assertTrue(Manifests.named(objects, "Service", SERVER).at("/spec/ports").findValuesAsText("name")
                .contains(servicePort));
    }

    /**
     * The Ingress routes exactly the rules of docs/routes.md's last column (each one checked there to cover its own
     * route, by RouteInventoryTest): {@code /mcp} exactly, never {@code /mcp/} or the old transport below it, and the
     * few public paths a client, browser or sidecar must reach; every rule to the Service's HTTP port.
     */
    @ParameterizedTest
    @MethodSource("overlays")
    void theIngressRoutesExactlyThePublicPathsOfTheRouteTable(String overlay) throws Exception {
        List<JsonNode> objects = Manifests.render("overlays/" + overlay);
        JsonNode ingress = Manifests.named(objects, "Ingress", SERVER);
        Set<String> documented = new TreeSet<>();
        RouteTable.read().routes().forEach(r -> r.ingressRule().ifPresent(rule -> documented.add(rule.pathType()
                + " " + rule.path())));
        Set<String> routed = new TreeSet<>();
        for (JsonNode rule : ingress.at("/spec/rules")) {
            for (JsonNode path : rule.at("/http/paths")) {
                routed.add(path.path("pathType").asText() + " " + path.path("path").asText());
                assertEquals("http", path.at("/backend/service/port/name").asText(), path.toString());
                assertEquals(SERVER, path.at("/backend/service/name").asText(), path.toString());
            }
        }
        assertEquals(documented, routed, "the Ingress of " + overlay + " against " + RouteTable.FILE);
        assertTrue(routed.contains("Exact /mcp"), "/mcp exactly");
    }

    /**
     * Health and metrics answer without a token on the management interface (port "management"): the kubelet's probes
     * and Prometheus reach it on the pod, nothing else does. The Service does not expose it, the NetworkPolicy lets the
     * ingress controller reach the HTTP port only and the monitoring namespace the management port only.
     */
    @ParameterizedTest
    @MethodSource("overlays")
    void theManagementPortIsForProbesAndPrometheusOnly(String overlay) throws Exception {
        List<JsonNode> objects = Manifests.render("overlays/" + overlay);
        JsonNode pod = Manifests.named(objects, "Deployment", SERVER).at("/spec/template");
        JsonNode server = pod.at("/spec/containers/0");
        int http = containerPort(server, "http");
        int management = containerPort(server, "management");
        assertTrue(http != management, "one port each");
        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            assertEquals("management", server.at("/" + probe + "/httpGet/port").asText(), probe);
        }
        assertEquals(String.valueOf(management), pod.at("/metadata/annotations/prometheus.io~1port").asText());
        assertEquals("/q/metrics", pod.at("/metadata/annotations/prometheus.io~1path").asText());

        for (JsonNode port : Manifests.named(objects, "Service", SERVER).at("/spec/ports")) {
            assertEquals("http", port.path("targetPort").asText(), "the Service exposes " + port);
        }

        JsonNode policy = Manifests.named(objects, "NetworkPolicy", SERVER).path("spec");
        Set<String> ingressTypes = new TreeSet<>();
        policy.path("policyTypes").forEach(t -> ingressTypes.add(t.asText()));
        assertTrue(ingressTypes.contains("Ingress"), "the policy restricts ingress");
        assertEquals(Set.of(http), portsFrom(policy, "ingress-nginx"), "the ingress controller reaches");
        assertEquals(Set.of(management), portsFrom(policy, "monitoring"), "the monitoring namespace reaches");
        for (JsonNode rule : policy.path("ingress")) {
            assertFalse(rule.path("ports").isEmpty(), "an ingress rule without ports opens every port: " + rule);
        }
    }

    /** The ports the NetworkPolicy's ingress rules open to pods of the namespace {@code namespace}. */
    private static Set<Integer> portsFrom(JsonNode policy, String namespace) {
        Set<Integer> ports = new TreeSet<>();
        for (JsonNode rule : policy.path("ingress")) {
            boolean fromIt = false;
            for (JsonNode from : rule.path("from")) {
                fromIt |= namespace.equals(from.at("/namespaceSelector/matchLabels/kubernetes.io~1metadata.name")
                        .asText());
            }
            if (fromIt) {
                rule.path("ports").forEach(p -> ports.add(p.path("port").asInt()));
            }
        }
        return ports;
    }

    private static int containerPort(JsonNode container, String name) {
        for (JsonNode port : container.path("ports")) {
            if (name.equals(port.path("name").asText())) {
                return port.path("containerPort").asInt();
            }
        }
        throw new AssertionError("no container port named " + name + " in " + container.path("ports"));
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyEnvironmentVariableTheConfigurationReadsIsProvided(String overlay) throws Exception {
        List<JsonNode> objects = Manifests.render("overlays/" + overlay);
        JsonNode server = Manifests.named(objects, "Deployment", SERVER).at("/spec/template/spec/containers/0");
        Set<String> provided = new TreeSet<>(server.path("env").findValuesAsText("name"));
        for (JsonNode source : server.path("envFrom")) {
            String configMap = source.at("/configMapRef/name").asText();
            Manifests.named(objects, "ConfigMap", configMap).path("data").fieldNames().forEachRemaining(provided::add);
        }
        for (String port : List.of("QUARKUS_HTTP_PORT", "QUARKUS_MANAGEMENT_PORT")) {
            assertFalse(provided.contains(port), "the probes, the Service and the NetworkPolicy assume the "
                    + "application's own ports (the management port is checked by ProbePathsTest)");
        }
        String profile = "demo".equals(overlay) ? "%demo." : "%prod.";

        Set<String> read = variablesRead(profile);
        read.removeAll(provided);

        assertTrue(read.isEmpty(), "application.properties reads " + read + " (" + profile + " and unprofiled "
                + "lines) but the " + overlay + " overlay does not set them");
    }

    /** ${NAME} references (upper-case: environment variables) in unprofiled lines and in the profile's lines. */
    private static Set<String> variablesRead(String profile) throws IOException {
        Set<String> names = new TreeSet<>();
        Pattern reference = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)[:}]");
        for (String line : Files.readAllLines(Path.of("src/main/resources/application.properties"))) {
            if (line.startsWith("#") || line.startsWith("%") && !line.startsWith(profile)) {
                continue;
            }
            Matcher m = reference.matcher(line);
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }
}
