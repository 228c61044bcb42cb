package dev.changeset.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;

/**
 * The extension puts the application's sandbox back before every test: the first test finds the story's settings
 * (one-second CIBA polling, where the sandbox's own default is five) and spoils them; the second finds them again.
 */
@QuarkusTest
@WithTestResource(SandboxResource.class)
@ExtendWith(SandboxStory.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SandboxStoryTest {

    @ConfigProperty(name = "sandbox.url")
    String sandboxUrl;

    @Test
    @Order(1)
    void a_test_starts_from_the_story_and_may_change_the_sandbox() {
        SandboxClient sandbox = new SandboxClient(sandboxUrl);
        assertEquals(1, cibaSettings(sandbox).getInteger("interval"));
        sandbox.post("/sandbox/ciba/settings", new JsonObject().put("interval", 9).put("per_user_per_minute", 2));
        assertEquals(9, cibaSettings(sandbox).getInteger("interval"));
    }

    @Test
    @Order(2)
    void the_next_test_starts_from_the_story_again() {
        JsonObject settings = cibaSettings(new SandboxClient(sandboxUrl));
        assertEquals(1, settings.getInteger("interval"), settings.encode());
        assertEquals(5, settings.getInteger("per_user_per_minute"), settings.encode());
    }

    /** {@code POST /sandbox/ciba/settings {}} changes nothing and answers the settings in force. */
    private static JsonObject cibaSettings(SandboxClient sandbox) {
        return sandbox.post("/sandbox/ciba/settings", new JsonObject());
    }
}
