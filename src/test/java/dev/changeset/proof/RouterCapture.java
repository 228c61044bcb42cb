package dev.changeset.proof;

import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.vertx.http.ManagementInterface;
import io.vertx.ext.web.Router;

/**
 * Test only: keeps the application's two Vert.x routers, the main one (the public port) and the management
 * interface's, as Quarkus hands them to observers at start, so {@link RouteInventoryTest} can list every route they
 * hold once the application runs. It adds no route.
 */
@ApplicationScoped
public class RouterCapture {

    private final AtomicReference<Router> main = new AtomicReference<>();
    private final AtomicReference<Router> management = new AtomicReference<>();

    void main(@Observes Router router) {
        main.set(router);
    }

    void management(@Observes ManagementInterface managementInterface) {
        management.set(managementInterface.router());
    }

    Router main() {
        return required(main, "main");
    }

    Router management() {
        return required(management, "management");
    }

    private static Router required(AtomicReference<Router> router, String which) {
        Router r = router.get();
        if (r == null) {
            throw new IllegalStateException("the " + which + " router was never handed to observers");
        }
        return r;
    }
}
