package dev.changeset.identity;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import dev.changeset.support.McpWire;
import dev.changeset.support.SandboxClient;
import dev.changeset.support.SandboxResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;

/** A token issued in the future is refused; one issued within the clock-skew leeway is not. */
@QuarkusTest
@WithTestResource(SandboxResource.class)
class IssuedAtValidatorTest {

    @ConfigProperty(name = "sandbox.url")
    String sandboxUrl;
    @ConfigProperty(name = "changeset.public-url")
    String publicUrl;

    private String tokenIssuedAhead(long seconds) {
        return new SandboxClient(sandboxUrl).token(new JsonObject().put("user", "alice").put("scope", "changeset:read")
                .put("issued_at_offset_seconds", seconds));
    }

    @Test
    void iat_a_day_ahead_is_401_invalid_token() {
        new McpWire(publicUrl, tokenIssuedAhead(24 * 3600)).initialize().then().statusCode(401).header("WWW-Authenticate",
                equalTo("Bearer error=\"invalid_token\", scope=\"changeset:read\", resource_metadata=\"" + publicUrl
                        + "/.well-known/oauth-protected-resource/mcp\""));
    }

    @Test
    void iat_just_past_the_leeway_is_401() {
        new McpWire(publicUrl, tokenIssuedAhead(IssuedAtValidator.LEEWAY_SECONDS + 30)).initialize().then().statusCode(401);
    }

    @Test
    void iat_within_the_leeway_is_accepted() {
        assertEquals(200, new McpWire(publicUrl, tokenIssuedAhead(IssuedAtValidator.LEEWAY_SECONDS - 30)).initialize()
                .status());
    }
}
