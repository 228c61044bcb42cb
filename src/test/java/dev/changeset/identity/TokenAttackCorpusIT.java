package dev.changeset.identity;

import static dev.changeset.support.ForgedTokens.attackerKey;
import static dev.changeset.support.ForgedTokens.kidOf;
import static dev.changeset.support.ForgedTokens.resigned;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

import org.jose4j.jwk.RsaJsonWebKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.changeset.support.ForgedTokens;
import dev.changeset.support.PackagedApp;
import dev.changeset.support.ProdOnSandbox;
import dev.changeset.support.ProofRecord;
import dev.changeset.support.SandboxClient;
import dev.changeset.support.SandboxProcess;
import io.vertx.core.json.JsonObject;

/**
 * The token attack corpus: forged and misused tokens against the packaged application (production profile, its
 * own process) whose Auth0 tenant is a sandbox process. Every one must be refused with its exact status; one good
 * token is accepted, so an acceptance would show. The tally goes to {@code target/proof/tokens.json}.
 */
class TokenAttackCorpusIT {

    static final ProofRecord RECORD = new ProofRecord("tokens");

    static SandboxProcess tenant; // the tenant production trusts
    static SandboxProcess otherTenant; // another Auth0 tenant, whose admin is the attacker
    static SandboxProcess devSandbox; // the sandbox of someone's ./mvnw quarkus:dev
    static PackagedApp app;
    static SandboxClient tenantClient;
    static AttackHttp http;
    static CibaTokens ciba;

    @BeforeAll
    static void start() throws Exception {
        tenant = SandboxProcess.start("tenant");
        otherTenant = SandboxProcess.start("other-tenant");
        devSandbox = SandboxProcess.start("dev");
        // only bearer checks are exercised: no database needed
        app = ProdOnSandbox.start("token-corpus", tenant.url(), Map.of("quarkus.flyway.migrate-at-start", "false"));
        tenantClient = new SandboxClient(tenant.url());
        http = new AttackHttp(app.url());
        ciba = CibaTokens.obtain(tenant.url());
    }

    @AfterAll
    static void stop() throws Exception {
        System.out.println("token attack corpus: " + RECORD.write());
        for (AutoCloseable c : new AutoCloseable[] { app, devSandbox, otherTenant, tenant }) {
            if (c != null) {
                c.close();
            }
        }
    }

    private static String alice() {
        return tenantClient.token("alice", "changeset:read");
    }

    private static JsonObject aliceWith() {
        return new JsonObject().put("user", "alice").put("scope", "changeset:read");
    }

    /** Sends {@code initialize} with this bearer token and asserts the refusal. */
    private static void refusedAsBearer(String name, String token, int status) throws Exception {
        refused(name, status, http.initialize(Map.of("Authorization", "Bearer " + token), ""));
    }

    private static void refused(String name, int status, HttpResponse<String> response) {
        String session = response.headers().firstValue("Mcp-Session-Id").orElse(null);
        String observed = response.statusCode() + (session == null ? "" : " with a session");
        RECORD.add(new ProofRecord.Attempt(name, String.valueOf(status), observed,
                response.statusCode() == status && session == null && status != 200));
        String body = response.body().length() > 300 ? response.body().substring(0, 300) + "..." : response.body();
        assertEquals(status, response.statusCode(), name + ": " + body);
        assertEquals(null, session, name + " opened a session");
        if (status == 401) {
            String challenge = response.headers().firstValue("WWW-Authenticate").orElse("");
            assertEquals(true, challenge.startsWith("Bearer ") && challenge.contains("resource_metadata="),
                    name + ": " + challenge);
        }
    }

    @Test
    void control_a_good_token_is_accepted_so_an_acceptance_would_show() throws Exception {
        HttpResponse<String> response = http.initialize(Map.of("Authorization", "Bearer " + alice()), "");
        assertEquals(200, response.statusCode(), response.body());
        assertNotNull(response.headers().firstValue("Mcp-Session-Id").orElse(null));
    }

    @Test
    void no_token() throws Exception {
        refused("no token", 401, http.initialize(Map.of(), ""));
    }

    @Test
    void expired() throws Exception {
        refusedAsBearer("expired two minutes ago", tenantClient.token(aliceWith().put("ttl_seconds", -120)), 401);
    }

    @Test
    void wrong_audience() throws Exception {
        refusedAsBearer("audience of another API", tenantClient.token(aliceWith()
                .put("audience", "https://another-api.example")), 401);
    }

    @Test
    void wrong_issuer() throws Exception {
        refusedAsBearer("issuer claim of another tenant, tenant's signature", tenantClient.token(aliceWith()
                .put("issuer", "https://evil.example/")), 401);
    }

    @Test
    void bad_signature() throws Exception {
        String good = alice();
        refusedAsBearer("signed by an attacker's key with the tenant's kid",
                resigned(good, attackerKey("x"), kidOf(good), Map.of()), 401);
    }

    @Test
    void alg_none() throws Exception {
        refusedAsBearer("alg none, no signature", ForgedTokens.unsigned(alice()), 401);
    }

    @Test
    void hs256_keyed_with_the_public_key() throws Exception {
        refusedAsBearer("HS256 keyed with the tenant's RSA public key",
                ForgedTokens.hs256WithPublicKey(alice(), tenantClient.get("/.well-known/jwks.json").encode()), 401);
    }

    @Test
    void another_tenant_with_the_same_key_id() throws Exception {
        String kid = kidOf(alice());
        SandboxClient other = new SandboxClient(otherTenant.url());
        refusedAsBearer("another tenant's token claiming the tenant's kid", other.token(aliceWith().put("kid", kid)),
                401);
        refusedAsBearer("another tenant's token claiming the tenant's kid and issuer", other.token(aliceWith()
                .put("kid", kid).put("issuer", tenant.url() + "/")), 401);
    }

    @Test
    void a_dev_sandbox_token_on_production() throws Exception {
        refusedAsBearer("a token from a dev sandbox (quarkus:dev) on production",
                new SandboxClient(devSandbox.url()).token("alice", "changeset:read changeset:write"), 401);
    }

    @Test
    void header_injected_keys() throws Exception {
        String good = alice();
        RsaJsonWebKey attacker = attackerKey("attacker");
        refusedAsBearer("attacker's key embedded in the header (jwk)", resigned(good, attacker, "attacker",
                Map.of("jwk", attacker.toParams(org.jose4j.jwk.JsonWebKey.OutputControlLevel.PUBLIC_ONLY))), 401);
        try (AttackerJwks jwks = AttackerJwks.serve(attacker)) {
            refusedAsBearer("attacker's JWKS named in the header (jku)", resigned(good, attacker, "attacker",
                    Map.of("jku", jwks.url())), 401);
            assertEquals(0, jwks.requests(), "the server fetched the attacker's JWKS");
        }
    }

    @Test
    void a_google_token_as_bearer() throws Exception {
        GoogleToken google = GoogleToken.obtain(tenant.url(), alice());
        refusedAsBearer("a Google access token (" + google.source() + ")", google.token(), 401);
    }

    @Test
    void ciba_auth_req_id_replayed_and_presented() throws Exception {
        RECORD.add(new ProofRecord.Attempt("CIBA auth_req_id redeemed a second time at the tenant",
                "400 invalid_grant", ciba.replay().status() + " " + ciba.replay().error(),
                ciba.replay().status() == 400 && "invalid_grant".equals(ciba.replay().error())));
        assertEquals(200, ciba.firstRedeemStatus());
        assertEquals(400, ciba.replay().status());
        assertEquals("invalid_grant", ciba.replay().error());
        refusedAsBearer("a CIBA auth_req_id as bearer", ciba.authReqId(), 401);
    }

    @Test
    void ciba_tokens_that_are_not_for_this_api() throws Exception {
        refusedAsBearer("CIBA id_token (audience = the CIBA client)", ciba.idToken(), 401);
        refusedAsBearer("CIBA access token without this API's audience", ciba.accessTokenWithoutAudience(), 401);
        refusedAsBearer("CIBA approval's access token (this API, scope openid only)", ciba.approvalAccessToken(),
                403);
    }

    @Test
    void not_yet_valid() throws Exception {
        refusedAsBearer("nbf an hour ahead", tenantClient.token(aliceWith().put("ttl_seconds", 7200)
                .put("not_before_offset_seconds", 3600)), 401);
    }

    @Test
    void issued_in_the_future() throws Exception {
        refusedAsBearer("iat a year ahead (exp an hour after it)", tenantClient.token(aliceWith()
                .put("issued_at_offset_seconds", 365L * 24 * 3600)), 401);
    }

    @Test
    void a_token_without_mcp_scopes() throws Exception {
        refusedAsBearer("this API's token without changeset scopes", tenantClient.token("alice", "openid profile"),
                403);
    }

    @Test
    void a_good_token_in_the_wrong_place() throws Exception {
        String token = alice();
        refused("good token in X-Access-Token", 401, http.initialize(Map.of("X-Access-Token", token), ""));
        refused("good token in Proxy-Authorization", 401,
                http.initialize(Map.of("Proxy-Authorization", "Bearer " + token), ""));
        refused("good token in the query (access_token=)", 401, http.initialize(Map.of(),
                "?access_token=" + URLEncoder.encode(token, StandardCharsets.UTF_8)));
        refused("good token as a cookie", 401, http.initialize(Map.of("Cookie", "access_token=" + token), ""));
    }

    @Test
    void another_user_s_good_token_on_alice_s_session() throws Exception {
        String session = http.openSession(alice());
        refused("carol's good token on alice's session", 404, http.call(tenantClient.token("carol",
                "changeset:read"), session, "get_session"));
    }

    @Test
    void an_opaque_random_token() throws Exception {
        refusedAsBearer("an opaque random string", UUID.randomUUID().toString(), 401);
    }
}
