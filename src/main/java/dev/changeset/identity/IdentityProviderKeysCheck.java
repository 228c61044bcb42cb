package dev.changeset.identity;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import dev.changeset.ChangesetConfig;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.WebClient;

/**
 * Ready means tokens can be verified: the issuer's discovery document names a JWKS that holds at least one
 * key. A success is remembered for {@code changeset.identity.keys-check-ttl} so probes do not hammer Auth0.
 * It asks with Vert.x's web client, which quarkus-oidc has loaded already: the JDK's HTTP client cost the first
 * probe about 360 more classes to load (README.md "Start-up").
 */
@Readiness
@ApplicationScoped
public class IdentityProviderKeysCheck implements AsyncHealthCheck {

    private record Success(Instant at, int keys) {
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final ChangesetConfig config;
    private final WebClient http;
    private final AtomicReference<Success> last = new AtomicReference<>();

    IdentityProviderKeysCheck(ChangesetConfig config, Vertx vertx) {
        this.config = config;
        this.http = WebClient.create(vertx, new WebClientOptions().setConnectTimeout((int) TIMEOUT.toMillis())
                .setFollowRedirects(false));
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        Success cached = last.get();
        if (cached != null && cached.at().plus(config.identity().keysCheckTtl()).isAfter(Instant.now())) {
            return Uni.createFrom().item(up(cached.keys()));
        }
        return countKeys()
                .map(keys -> {
                    if (keys < 1) {
                        return down("the identity provider's JWKS holds no key");
                    }
                    last.set(new Success(Instant.now(), keys));
                    return up(keys);
                })
                .onFailure().recoverWithItem(e -> down("the identity provider's keys cannot be loaded: "
                        + e.getClass().getSimpleName()));
    }

    private Uni<Integer> countKeys() {
        String issuer = config.identity().issuer().toString();
        String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
        return get(base + "/.well-known/openid-configuration")
                .flatMap(discovery -> get(discovery.getString("jwks_uri")))
                .map(jwks -> jwks.getJsonArray("keys").size());
    }

    /** One GET that must answer 200 with a JSON object within {@link #TIMEOUT}, as a whole. */
    private Uni<JsonObject> get(String uri) {
        return Uni.createFrom().deferred(() -> http.getAbs(uri).send())
                .ifNoItem().after(TIMEOUT).fail()
                .map(response -> {
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException("HTTP " + response.statusCode() + " from " + uri);
                    }
                    return response.bodyAsJsonObject();
                });
    }

    private HealthCheckResponse up(int keys) {
        return HealthCheckResponse.named("identity-provider-keys").up()
                .withData("issuer", config.identity().issuer().toString()).withData("keys", keys).build();
    }

    private HealthCheckResponse down(String why) {
        return HealthCheckResponse.named("identity-provider-keys").down()
                .withData("issuer", config.identity().issuer().toString()).withData("reason", why).build();
    }
}
