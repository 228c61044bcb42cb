package dev.changeset.sandbox;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.lang.JoseException;

import dev.changeset.sandbox.DemoUsers.DemoUser;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The sandbox's Auth0 identity side: a JWKS with an RS256 key made at start, and tokens for the demo users shaped
 * like Auth0 access tokens ({@code aud} = the API, plus {@code /userinfo} when {@code openid} was granted;
 * {@code azp}; space-separated {@code scope}). Tests and the dev console mint tokens directly ({@code POST
 * /sandbox/tokens}); MCP clients get them through the authorization code flow ({@link AuthorizeEndpoint}).
 */
public final class SandboxIdentity {

    /** The orchestrating client the sandbox pretends minted the demo tokens. */
    public static final String ASSISTANT_CLIENT_ID = "sandbox-assistant";

    private final RsaJsonWebKey key;
    private final ResourceServers apis;
    private String issuer;

    SandboxIdentity(ResourceServers apis) {
        this.apis = apis;
        try {
            key = RsaJwkGenerator.generateJwk(2048);
            key.setKeyId("sandbox-" + Long.toHexString(System.nanoTime()));
            key.setAlgorithm(AlgorithmIdentifiers.RSA_USING_SHA256);
            key.setUse("sig");
        } catch (JoseException e) {
            throw new IllegalStateException("cannot make the sandbox signing key", e);
        }
    }

    void mount(Router router, String url) {
        this.issuer = url + "/";
        router.get("/.well-known/jwks.json").handler(ctx -> Sandbox.json(ctx, 200,
                new JsonObject(new JsonWebKeySet(key).toJson())));
        router.post("/sandbox/tokens").handler(this::mintFromRequest);
    }

    public String issuer() {
        return issuer;
    }

    /** The signing key id, so tests can forge tokens that claim it. */
    public String keyId() {
        return key.getKeyId();
    }

    /** What a token request asks for; absent parts take the demo defaults. */
    public record TokenRequest(String user, String scope, long ttlSeconds, String audience, String issuer,
            String clientId) {
    }

    /**
     * How a test distorts a minted token (attack corpus): another key id in the header (the signature stays this
     * tenant's), {@code iat} and {@code exp} shifted together, an {@code nbf} relative to now.
     */
    record Distortion(String keyId, long issuedAtOffsetSeconds, Long notBeforeOffsetSeconds) {
        static final Distortion NONE = new Distortion(null, 0, null);
    }

    /**
     * The API tokens are minted for when a request names none: the first API the sandbox serves (its
     * {@link Sandbox#start} list), so that tests and the dev console need not repeat the server's resource.
     */
    public String servedAudience() {
        return apis.firstApi().map(ResourceServers.Api::identifier)
                .orElseThrow(() -> new IllegalStateException("the sandbox serves no API: start it with one"));
    }

    /** The identifiers of every API the sandbox serves: the audiences its own checks accept. */
    String[] servedAudiences() {
        return apis.all().stream().map(ResourceServers.Api::identifier).toArray(String[]::new);
    }

    /** Whether {@code audience} is an API the sandbox serves. */
    boolean serves(String audience) {
        return apis.find(audience).isPresent();
    }

    /** The API {@code audience} names, if the sandbox serves it (null: none). */
    Optional<ResourceServers.Api> api(String audience) {
        return apis.find(audience);
    }

    /** Mints an access token for a demo user. */
    public String mint(TokenRequest request) {
        return mint(request, Distortion.NONE);
    }

    /** Mints an access token for a demo user, distorted as a test asks. */
    String mint(TokenRequest request, Distortion distortion) {
        DemoUser user = DemoUsers.find(request.user())
                .orElseThrow(() -> new IllegalArgumentException("no demo user '" + request.user() + "'"));
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(request.issuer() != null ? request.issuer() : issuer);
        claims.setSubject(user.subject());
        String audience = request.audience() != null ? request.audience() : servedAudience();
        claims.setAudience(audience, issuer + "userinfo");
        long now = Instant.now().getEpochSecond() + distortion.issuedAtOffsetSeconds();
        claims.setIssuedAt(org.jose4j.jwt.NumericDate.fromSeconds(now));
        if (distortion.notBeforeOffsetSeconds() != null) {
            claims.setNotBefore(org.jose4j.jwt.NumericDate.fromSeconds(Instant.now().getEpochSecond()
                    + distortion.notBeforeOffsetSeconds()));
        }
        claims.setExpirationTime(org.jose4j.jwt.NumericDate.fromSeconds(now + request.ttlSeconds()));
        claims.setClaim("azp", request.clientId() != null ? request.clientId() : ASSISTANT_CLIENT_ID);
        claims.setClaim("scope", request.scope() != null ? request.scope()
                : "openid profile email changeset:read changeset:write");
        claims.setClaim("email", user.email());
        claims.setGeneratedJwtId();
        return sign(claims, distortion.keyId() != null ? distortion.keyId() : key.getKeyId());
    }

    String sign(JwtClaims claims) {
        return sign(claims, key.getKeyId());
    }

    private String sign(JwtClaims claims, String keyId) {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key.getPrivateKey());
        jws.setKeyIdHeaderValue(keyId);
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        jws.setHeader("typ", "JWT");
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException("cannot sign a sandbox token", e);
        }
    }

    /**
     * Verifies a token the way Auth0 verifies a subject token: this tenant's signature and issuer, an unexpired
     * {@code exp}, and one of {@code audiences}. Empty when any check fails.
     */
    Optional<JwtClaims> verify(String token, String... audiences) {
        JwtConsumer consumer = new JwtConsumerBuilder()
                .setRequireExpirationTime()
                .setRequireSubject()
                .setExpectedIssuer(issuer)
                .setExpectedAudience(audiences)
                .setVerificationKey(key.getPublicKey())
                .setJwsAlgorithmConstraints(org.jose4j.jwa.AlgorithmConstraints.ConstraintType.PERMIT,
                        AlgorithmIdentifiers.RSA_USING_SHA256)
                .build();
        try {
            return Optional.of(consumer.processToClaims(token));
        } catch (InvalidJwtException e) {
            return Optional.empty();
        }
    }

    private void mintFromRequest(RoutingContext ctx) {
        JsonObject body = ctx.body().length() == 0 ? new JsonObject() : ctx.body().asJsonObject();
        String user = body.getString("user", "alice");
        if (DemoUsers.find(user).isEmpty()) {
            Sandbox.error(ctx, 400, "invalid_request", "no demo user '" + user + "'");
            return;
        }
        long ttl = body.getLong("ttl_seconds", 3600L);
        String token = mint(new TokenRequest(user, body.getString("scope"), ttl, body.getString("audience"),
                body.getString("issuer"), body.getString("client_id")), new Distortion(body.getString("kid"),
                        body.getLong("issued_at_offset_seconds", 0L), body.getLong("not_before_offset_seconds")));
        Sandbox.json(ctx, 200, new JsonObject().put("access_token", token).put("token_type", "Bearer")
                .put("expires_in", ttl));
    }
}
