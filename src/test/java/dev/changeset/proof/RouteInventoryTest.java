package dev.changeset.proof;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Method;
import java.net.URL;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.core.Deployment;
import org.jboss.resteasy.reactive.server.handlers.ClassRoutingHandler;
import org.jboss.resteasy.reactive.server.handlers.RestInitialHandler;
import org.jboss.resteasy.reactive.server.mapping.RequestMapper;
import org.jboss.resteasy.reactive.server.mapping.RuntimeResource;
import org.jboss.resteasy.reactive.server.spi.ServerRestHandler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import dev.changeset.support.ProofRecord;
import dev.changeset.support.RouteTable;
import dev.changeset.support.SandboxResource;
import io.quarkus.resteasy.reactive.server.runtime.ResteasyReactiveRecorder;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Handler;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Issue 14, "the list of routes the application answers, and which check guards each": every route of the running
 * application, read from its two Vert.x routers (the public port's and the management interface's, handed over by
 * {@link RouterCapture}) and from Quarkus REST's deployment (its endpoints sit behind one dispatcher route), must be a
 * row of {@code docs/routes.md}, and every row a route; every handler on every path (a filter) likewise. Then every
 * route is asked over real HTTP without a token and must answer what the table says, so the guard column cannot lie
 * about the first lock; and every Ingress rule in the table must cover its own row's path, on the public port only.
 * The tally goes to {@code target/proof/routes.json}.
 */
@QuarkusTest
@WithTestResource(SandboxResource.class)
class RouteInventoryTest {

    static final ProofRecord PROOF = new ProofRecord("routes");
    private static final String PUBLIC = "public";
    private static final String MANAGEMENT = "management";

    @Inject
    RouterCapture routers;
    @ConfigProperty(name = "changeset.public-url")
    String publicUrl;
    @TestHTTPResource(value = "/", management = true)
    URL managementUrl;

    @AfterAll
    static void writeTally() {
        PROOF.write();
    }

    @Test
    void every_route_the_application_answers_is_in_docs_routes_md_and_every_row_is_a_route() throws Exception {
        Set<String> served = new TreeSet<>();
        routes(PUBLIC, routers.main(), served, new TreeSet<>());
        routes(MANAGEMENT, routers.management(), served, new TreeSet<>());
        served.addAll(restEndpoints());
        Set<String> documented = RouteTable.read().routes().stream().map(RouteTable.Route::key)
                .collect(Collectors.toCollection(TreeSet::new));

        assertEquals(List.of(), difference(served, documented), "served but not in " + RouteTable.FILE);
        assertEquals(List.of(), difference(documented, served), "in " + RouteTable.FILE + " but not served");
    }

    @Test
    void every_handler_on_every_path_is_in_the_filters_table() throws Exception {
        Set<String> filters = new TreeSet<>();
        routes(PUBLIC, routers.main(), new TreeSet<>(), filters);
        routes(MANAGEMENT, routers.management(), new TreeSet<>(), filters);
        Set<String> documented = RouteTable.read().filters().stream().map(RouteTable.Filter::key)
                .collect(Collectors.toCollection(TreeSet::new));

        assertEquals(List.of(), difference(filters, documented), "filters not in " + RouteTable.FILE);
        assertEquals(List.of(), difference(documented, filters), "in " + RouteTable.FILE + " but not a filter");
    }

    @Test
    void every_route_answers_a_caller_without_a_token_as_the_table_says() {
        List<String> failures = new ArrayList<>();
        RawHttp publicPort = new RawHttp(publicUrl);
        RawHttp managementPort = new RawHttp(managementUrl.toString());
        for (RouteTable.Route route : RouteTable.read().routes()) {
            RawHttp http = route.port().equals(PUBLIC) ? publicPort : managementPort;
            String method = route.methods().equals("any") ? "GET" : route.methods().split(", ")[0];
            String path = concrete(route.path());
            boolean body = method.equals("POST") || method.equals("PUT");
            RawHttp.Answer answer = http.send(method, path, body ? Map.of("Content-Type", "application/json")
                    : Map.of(), body ? "{}" : null);
            String name = method + " " + path + " on the " + route.port() + " port without a token";
            boolean held = String.valueOf(answer.status()).equals(route.withoutToken());
            PROOF.add(new ProofRecord.Attempt(name, route.withoutToken() + " (" + route.guard() + ")",
                    answer.brief(), held));
            if (!held) {
                failures.add(name + ": the table says " + route.withoutToken() + ", got " + answer.brief());
            }
        }
        assertEquals(List.of(), failures);
    }

    @Test
    void the_sandbox_is_on_neither_router() throws Exception {
        Set<String> handlers = new TreeSet<>();
        for (Router router : List.of(routers.main(), routers.management())) {
            for (Route route : router.getRoutes()) {
                for (Handler<RoutingContext> handler : state(route).contextHandlers()) {
                    handlers.add(handler.getClass().getName());
                }
            }
        }
        for (RuntimeResource resource : runtimeResources()) {
            handlers.add(resource.getResourceClass().getName());
        }
        assertEquals(List.of(), handlers.stream().filter(h -> h.startsWith("dev.changeset.sandbox.")).toList(),
                "the sandbox (dev and test only) serves on its own server, never on the application's routers");
    }

    @Test
    void every_ingress_rule_routes_its_own_row_and_only_public_routes() {
        List<String> wrong = new ArrayList<>();
        for (RouteTable.Route route : RouteTable.read().routes()) {
            route.ingressRule().ifPresent(rule -> {
                boolean covers = rule.pathType().equals("Exact") ? rule.path().equals(route.path())
                        : route.path().equals(rule.path()) || route.path().startsWith(rule.path() + "/");
                if (!covers || !route.port().equals(PUBLIC)) {
                    wrong.add(route.key() + ": " + rule);
                }
            });
        }
        assertEquals(List.of(), wrong, "Ingress rules that route another path than their row's, or a non-public port");
    }

    /**
     * The routes of one router by key ({@code port path methods}) into {@code routes}, and its path-less handlers by
     * key ({@code port handler @order}) into {@code filters}. A path-less route with only failure handlers answers no
     * request of its own (it handles another route's failure) and is left out.
     */
    private static void routes(String port, Router router, Set<String> routes, Set<String> filters)
            throws Exception {
        for (Route route : router.getRoutes()) {
            RouteState state = state(route);
            if (route.getPath() == null && state.pattern() == null) {
                for (Handler<RoutingContext> handler : state.contextHandlers()) {
                    filters.add(new RouteTable.Filter(port, handlerName(handler), state.order(), "").key());
                }
                continue;
            }
            String path = route.getPath() == null ? "regex " + state.pattern().pattern()
                    : route.getPath() + (route.isExactPath() || route.isRegexPath() ? "" : "*");
            String methods = route.methods() == null || route.methods().isEmpty() ? "any"
                    : route.methods().stream().map(Object::toString).sorted().collect(Collectors.joining(", "));
            routes.add(port + " " + path + " " + methods);
        }
    }

    /** Quarkus REST's endpoints (behind the one dispatcher route {@code /*}) by key, from its running deployment. */
    private static Set<String> restEndpoints() {
        Map<String, Set<String>> methodsByPath = new LinkedHashMap<>();
        for (RuntimeResource resource : runtimeResources()) {
            String path = join(resource.getClassPath() == null ? "" : resource.getClassPath().template,
                    resource.getPath() == null ? "" : resource.getPath().template);
            methodsByPath.computeIfAbsent(path, p -> new TreeSet<>())
                    .add(resource.getHttpMethod() == null ? "any" : resource.getHttpMethod());
        }
        return methodsByPath.entrySet().stream()
                .map(e -> PUBLIC + " " + e.getKey() + " " + String.join(", ", e.getValue()))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static List<RuntimeResource> runtimeResources() {
        Deployment deployment = ResteasyReactiveRecorder.getCurrentDeployment();
        List<RuntimeResource> resources = new ArrayList<>();
        for (RequestMapper.RequestPath<RestInitialHandler.InitialMatch> classPath : deployment.getClassMappers()) {
            for (ServerRestHandler handler : classPath.value.handlers) {
                if (handler instanceof ClassRoutingHandler routing) {
                    for (RequestMapper<RuntimeResource> mapper : routing.getMappers().values()) {
                        mapper.getTemplates().forEach(t -> resources.add(t.value));
                    }
                }
            }
        }
        return resources;
    }

    private static String join(String classPath, String methodPath) {
        String left = classPath.endsWith("/") ? classPath.substring(0, classPath.length() - 1) : classPath;
        String right = methodPath.isEmpty() || methodPath.equals("/") ? "" : methodPath.startsWith("/") ? methodPath
                : "/" + methodPath;
        String path = left + right;
        return path.isEmpty() ? "/" : path;
    }

    /** A request path for a table path: every parameter and a trailing wildcard become "x". */
    private static String concrete(String path) {
        return path.replaceAll("\\{[^}]+}", "x").replaceAll(":[A-Za-z]+", "x").replaceAll("\\*$", "x");
    }

    /** A handler's class, lambdas named by the class that made them. */
    private static String handlerName(Handler<RoutingContext> handler) {
        String name = handler.getClass().getName();
        int lambda = name.indexOf("$$Lambda");
        String type = lambda < 0 ? name : name.substring(0, lambda);
        return type.substring(type.lastIndexOf('.') + 1) + (lambda < 0 ? "" : " (lambda)");
    }

    /** What Vert.x keeps of a route but does not publish: its handlers, order and regular expression. */
    private record RouteState(List<Handler<RoutingContext>> contextHandlers, int order, Pattern pattern) {
    }

    /** Reads {@code RouteImpl.state()} (package-private, as is its class), reflectively. */
    @SuppressWarnings("unchecked")
    private static RouteState state(Route route) throws Exception {
        Object state = accessible(route.getClass().getDeclaredMethod("state")).invoke(route);
        Class<?> type = state.getClass();
        List<Handler<RoutingContext>> handlers = (List<Handler<RoutingContext>>) accessible(
                type.getMethod("getContextHandlers")).invoke(state);
        return new RouteState(handlers == null ? List.of() : handlers,
                (int) accessible(type.getMethod("getOrder")).invoke(state),
                (Pattern) accessible(type.getMethod("getPattern")).invoke(state));
    }

    private static Method accessible(Method method) {
        method.setAccessible(true);
        return method;
    }

    private static List<String> difference(Set<String> left, Set<String> right) {
        return left.stream().filter(k -> !right.contains(k)).toList();
    }
}
