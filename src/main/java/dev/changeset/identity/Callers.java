package dev.changeset.identity;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;

import dev.changeset.ChangesetConfig;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;

/** Turns the authenticated security identity into a {@link Caller}. */
@ApplicationScoped
public class Callers {

    /** Compiled once: {@code String.split("\\s+")} compiles its pattern on every call, twice per MCP request. */
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private final ChangesetConfig config;

    Callers(ChangesetConfig config) {
        this.config = config;
    }

    /** The caller behind an authenticated identity; anonymous identities are refused. */
    public Caller of(SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken jwt)) {
            throw new UnauthorizedException("a bearer token is required");
        }
        AccessTokenCredential credential = identity.getCredential(AccessTokenCredential.class);
        if (credential == null) {
            throw new UnauthorizedException("a bearer token is required");
        }
        return new Caller(jwt.getSubject(),
                stringClaim(jwt, config.identity().emailClaim()),
                stringClaim(jwt, "azp").or(() -> stringClaim(jwt, "client_id")),
                scopes(jwt),
                Instant.ofEpochSecond(jwt.getExpirationTime()),
                new AccessToken(credential.getToken()));
    }

    /** The space-separated {@code scope} claim (Auth0), or the {@code scp} array some issuers use. */
    static Set<String> scopes(JsonWebToken jwt) {
        Set<String> scopes = new LinkedHashSet<>();
        Object scope = jwt.getClaim("scope");
        if (scope != null) {
            String text = scope instanceof jakarta.json.JsonString s ? s.getString() : scope.toString();
            scopes.addAll(Arrays.asList(WHITESPACE.split(text.trim())));
        }
        Object scp = jwt.getClaim("scp");
        if (scp instanceof jakarta.json.JsonArray array) {
            array.getValuesAs(jakarta.json.JsonString.class).forEach(s -> scopes.add(s.getString()));
        }
        scopes.remove("");
        return Set.copyOf(scopes);
    }

    private static Optional<String> stringClaim(JsonWebToken jwt, String name) {
        Object value = jwt.getClaim(name);
        if (value instanceof jakarta.json.JsonString s) {
            return Optional.of(s.getString());
        }
        return value instanceof String s && !s.isBlank() ? Optional.of(s) : Optional.empty();
    }
}
