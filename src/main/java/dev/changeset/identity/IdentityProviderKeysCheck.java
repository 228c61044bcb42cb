package dev.changeset.identity;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import dev.changeset.ChangesetConfig;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;

/**
 * Ready means tokens can be verified: the issuer's discovery document names a JWKS that holds at least one
 * key. A success is remembered for {@code changeset.identity.keys-check-ttl} so probes do not hammer Auth0.
 */
@Readiness
@ApplicationScoped
public class IdentityProviderKeysCheck implements AsyncHealthCheck {

    private record Success(Instant at, int keys) {
    }

    private final ChangesetConfig config;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final AtomicReference<Success> last = new AtomicReference<>();

    IdentityProviderKeysCheck(ChangesetConfig config) {
        this.config = config;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        Success cached = last.get();
        if (cached != null && cached.at().plus(config.identity().keysCheckTtl()).isAfter(Instant.now())) {
            return Uni.createFrom().item(up(cached.keys()));
        }
        return Uni.createFrom().completionStage(this::countKeys)
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

    private CompletableFuture<Integer> countKeys() {
        String issuer = config.identity().issuer().toString();
        String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
        return get(URI.create(base + "/.well-known/openid-configuration"))
                .thenCompose(discovery -> get(URI.create(discovery.getString("jwks_uri"))))
                .thenApply(jwks -> jwks.getJsonArray("keys").size());
    }

    private CompletableFuture<JsonObject> get(URI uri) {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(3)).GET().build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(response -> {
            if (response.statusCode() != 200) {
                throw new IllegalStateException("HTTP " + response.statusCode() + " from " + uri);
            }
            return new JsonObject(response.body());
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
