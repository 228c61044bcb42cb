package dev.changeset.pipeline;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.changeset.support.SandboxClient;
import dev.changeset.support.SandboxStory;
import dev.changeset.support.Story;

/**
 * The start of every changeset story here: the sandbox as at start (one-second CIBA polling), and alice's
 * assistant connected over MCP. Subclasses are {@code @QuarkusTest @WithTestResource(SandboxResource.class)}.
 */
@ExtendWith(SandboxStory.class)
abstract class AliceOverMcp {

    @ConfigProperty(name = "sandbox.url")
    String sandboxUrl;
    @ConfigProperty(name = "changeset.public-url")
    String publicUrl;

    SandboxClient sandbox;
    Story alice;

    @BeforeEach
    void connectAlice() {
        sandbox = new SandboxClient(sandboxUrl);
        alice = new Story(publicUrl, sandboxUrl, "alice");
    }

    @AfterEach
    void disconnectAlice() {
        alice.close();
    }
}
