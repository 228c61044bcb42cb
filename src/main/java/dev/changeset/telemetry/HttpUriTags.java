package dev.changeset.telemetry;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.jboss.resteasy.reactive.server.core.Deployment;
import org.jboss.resteasy.reactive.server.handlers.ClassRoutingHandler;
import org.jboss.resteasy.reactive.server.handlers.RestInitialHandler;
import org.jboss.resteasy.reactive.server.mapping.RequestMapper;
import org.jboss.resteasy.reactive.server.mapping.RuntimeResource;
import org.jboss.resteasy.reactive.server.spi.ServerRestHandler;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import io.quarkus.resteasy.reactive.server.runtime.ResteasyReactiveRecorder;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;

/**
 * Door review (issue 14) F5: the {@code uri} tag of the HTTP server meters ({@code http.server.*}) holds a route the
 * application serves, else {@value #UNMATCHED}. Quarkus Micrometer tags a request by its route template when one
 * matched, by NOT_FOUND on a 404, and otherwise by the raw path: a 401 before routing (no token) or a CORS preflight
 * on any path was tagged with whatever path the caller chose (3000-char random paths grew /q/metrics by 900 KB and
 * filled the 100-value cap, so routes used afterwards were not recorded). The served routes are read once from the
 * running application: every path of the Vert.x router (the MCP endpoint, the metadata documents) and every Quarkus
 * REST endpoint's template ({@code /receipts/{id}}). This filter maps before any cap counts a value (Micrometer
 * applies every filter's map, then the accept decisions). docs/door.md, "Door review findings".
 */
@Singleton
public class HttpUriTags {

    static final String PREFIX = "http.server.";
    /** Micrometer's own words for what it cannot name, kept: NOT_FOUND (404), REDIRECTION (3xx), root ("/"). */
    static final List<String> MICROMETER_VALUES = List.of("NOT_FOUND", "REDIRECTION", "UNKNOWN", "root");
    static final String UNMATCHED = "UNMATCHED";

    private final AtomicReference<Router> router = new AtomicReference<>();
    private final AtomicReference<Set<String>> served = new AtomicReference<>();

    void capture(@Observes Router router) {
        this.router.set(router);
    }

    @Produces
    @Singleton
    MeterFilter uriTagsAreServedRoutes() {
        return new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                String uri = id.getName().startsWith(PREFIX) ? id.getTag("uri") : null;
                if (uri == null || MICROMETER_VALUES.contains(uri) || served().contains(uri)) {
                    return id;
                }
                return id.replaceTags(id.getTags().stream()
                        .map(t -> t.getKey().equals("uri") ? Tag.of("uri", UNMATCHED) : t).toList());
            }
        };
    }

    /** The routes this application serves; empty (every value unmatched) until the router and REST are up. */
    Set<String> served() {
        Set<String> known = served.get();
        if (known != null) {
            return known;
        }
        Router r = router.get();
        Deployment deployment = ResteasyReactiveRecorder.getCurrentDeployment();
        if (r == null || deployment == null) {
            return Set.of();
        }
        Set<String> paths = new HashSet<>();
        for (Route route : r.getRoutes()) {
            if (route.getPath() != null) {
                paths.add(route.getPath());
            }
        }
        for (RequestMapper.RequestPath<RestInitialHandler.InitialMatch> classPath : deployment.getClassMappers()) {
            for (ServerRestHandler handler : classPath.value.handlers) {
                if (handler instanceof ClassRoutingHandler routing) {
                    for (RequestMapper<RuntimeResource> mapper : routing.getMappers().values()) {
                        mapper.getTemplates().forEach(t -> paths.add(join(t.value)));
                    }
                }
            }
        }
        served.compareAndSet(null, Set.copyOf(paths));
        return served.get();
    }

    /** A REST endpoint's template as Quarkus REST reports it: class path, then method path, one slash between. */
    private static String join(RuntimeResource resource) {
        String left = resource.getClassPath() == null ? "" : resource.getClassPath().template;
        String right = resource.getPath() == null ? "" : resource.getPath().template;
        left = left.endsWith("/") ? left.substring(0, left.length() - 1) : left;
        right = right.isEmpty() || right.equals("/") ? "" : right.startsWith("/") ? right : "/" + right;
        String path = left + right;
        return path.isEmpty() ? "/" : path;
    }
}
