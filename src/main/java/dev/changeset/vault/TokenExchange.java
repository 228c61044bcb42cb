package dev.changeset.vault;

import java.net.URI;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Form;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.client.api.LoggingScope;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.changeset.text.Printable;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;

/**
 * One Token Vault access-token exchange over HTTP (docs/protocols.md section 3), and the meaning of each refusal.
 * <p>
 * Sent with the Quarkus REST client rather than auth0-java's {@code TokenRequest}: the timeouts come straight from
 * {@link VaultConfig} on a client of its own, the whole answer is read (auth0-java's {@code TokenHolder} drops
 * {@code issued_token_type}), every status comes back as a response to classify instead of an exception to
 * unpick, request logging is switched off for this client whatever the global settings (the form carries the
 * subject token and the client secret), and the native image needs no reflection setup for it.
 */
final class TokenExchange {

    static final String GRANT_TYPE = "urn:auth0:params:oauth:grant-type:token-exchange:federated-connection-access-token";
    static final String SUBJECT_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token";
    static final String REQUESTED_TOKEN_TYPE = "http://auth0.com/oauth/token-type/federated-connection-access-token";

    private static final Logger LOG = Logger.getLogger(TokenExchange.class);

    /** What one successful exchange produced. */
    record Exchanged(String id, Set<String> scopes, Instant expiresAt, GoogleToken token) {
    }

    private final VaultConfig config;
    private final ObjectMapper json;
    private final TokenEndpoint endpoint;
    private final String where;

    TokenExchange(URI issuer, VaultConfig config, ObjectMapper json) {
        this.config = config;
        this.json = json;
        this.where = TokenVaultException.where(config);
        this.endpoint = QuarkusRestClientBuilder.newBuilder()
                .baseUri(issuer)
                .connectTimeout(config.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(config.readTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .disableDefaultMapper(true)
                .loggingScope(LoggingScope.NONE)
                .followRedirects(false)
                .build(TokenEndpoint.class);
    }

    /** Where users connect Google, as the messages phrase it. */
    String where() {
        return where;
    }

    Exchanged exchange(Delegation delegation) {
        Form form = new Form()
                .param("grant_type", GRANT_TYPE)
                .param("subject_token_type", SUBJECT_TOKEN_TYPE)
                .param("subject_token", delegation.subjectToken().reveal())
                .param("requested_token_type", REQUESTED_TOKEN_TYPE)
                .param("connection", config.connection())
                .param("client_id", config.clientId())
                .param("client_secret", config.clientSecret());
        delegation.loginHint().ifPresent(hint -> form.param("login_hint", hint));
        Instant sent = Instant.now();
        int status;
        JsonNode body;
        try (Response response = endpoint.token(form)) {
            status = response.getStatus();
            body = parse(response.hasEntity() ? response.readEntity(String.class) : "");
        } catch (ProcessingException e) {
            LOG.warnf("Token Vault exchange for %s failed before an answer: %s", delegation.subject(),
                    e.getClass().getSimpleName());
            throw TokenVaultException.unavailable("no answer from Auth0 in time", e);
        }
        if (status == 200) {
            return accepted(delegation.subject(), body, sent);
        }
        String error = text(body, "error");
        LOG.warnf("Token Vault refused the exchange for %s: HTTP %d %s", delegation.subject(), status,
                Printable.echo(error));
        throw refusal(status, error, where);
    }

    /** The meaning of a refusal: one kind per thing the user or the operator can do. */
    static TokenVaultException refusal(int status, String error, String where) {
        String code = error == null ? "" : error;
        if (status == 401) {
            return switch (code) {
                case "federated_connection_refresh_token_not_found" -> TokenVaultException.connectGoogle(where);
                case "federated_connection_refresh_token_flow_failed" -> TokenVaultException.reconnectGoogle(where);
                case "invalid_grant", "expired_token", "invalid_token" -> TokenVaultException.signInAgain(status);
                default -> TokenVaultException.misconfigured(
                        "Auth0 refused this server's Token Vault client credentials (HTTP 401)");
            };
        }
        if (status == 403) {
            return TokenVaultException.misconfigured(
                    "Auth0 does not allow this server's client to use Token Vault (HTTP 403)");
        }
        if (status == 400) {
            return TokenVaultException.misconfigured("Auth0 rejected the Token Vault request (HTTP 400)");
        }
        if (status == 429) {
            return TokenVaultException.unavailable("Auth0 is rate limiting this server, HTTP 429", null);
        }
        return TokenVaultException.unavailable("Auth0 answered HTTP " + status, null);
    }

    private Exchanged accepted(String subject, JsonNode body, Instant sent) {
        String token = text(body, "access_token");
        long expiresIn = body.path("expires_in").asLong(0);
        String tokenType = text(body, "token_type");
        String issuedType = text(body, "issued_token_type");
        if (token == null || token.isBlank() || expiresIn <= 0
                || (tokenType != null && !tokenType.equalsIgnoreCase("Bearer"))
                || (issuedType != null && !issuedType.equals(REQUESTED_TOKEN_TYPE))) {
            LOG.warnf("Token Vault answered 200 for %s without a usable Google token", subject);
            throw TokenVaultException.unavailable("Auth0 answered without a usable token", null);
        }
        String scope = text(body, "scope");
        Set<String> scopes = new LinkedHashSet<>();
        if (scope != null) {
            scopes.addAll(Arrays.asList(scope.trim().split("[\\s,]+")));
            scopes.remove("");
        }
        String id = "tvx-" + UUID.randomUUID();
        Instant expiresAt = sent.plusSeconds(expiresIn);
        LOG.infof("Token Vault exchange %s for %s on %s: scopes [%s], expires %s", id, subject,
                config.connection(), String.join(" ", scopes), expiresAt);
        return new Exchanged(id, Set.copyOf(scopes), expiresAt, new GoogleToken(token));
    }

    private JsonNode parse(String text) {
        try {
            return text.isBlank() ? json.createObjectNode() : json.readTree(text);
        } catch (Exception e) {
            return json.createObjectNode(); // an HTML error page or a cut-off body: classified by status alone
        }
    }

    private static String text(JsonNode body, String field) {
        JsonNode node = body.path(field);
        return node.isTextual() ? node.asText() : null;
    }

    /** An error code as it may appear in a log line: short, printable ASCII. */
}
