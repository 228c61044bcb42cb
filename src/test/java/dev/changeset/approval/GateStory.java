package dev.changeset.approval;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.changeset.support.SandboxStory;
import dev.changeset.support.Story;

/**
 * The opening of every approval-gate story: the sandbox as at start (one-second CIBA polling), alice's assistant
 * connected over MCP, the database at hand, and the sheet's hash before anything happened.
 */
@ExtendWith(SandboxStory.class)
abstract class GateStory {

    @ConfigProperty(name = "sandbox.url")
    String sandboxUrl;
    @ConfigProperty(name = "changeset.public-url")
    String publicUrl;
    @Inject
    DataSource db;

    Story alice;
    String before;

    @BeforeEach
    void openStory() {
        alice = new Story(publicUrl, sandboxUrl, "alice");
        before = alice.sheetHash();
    }

    @AfterEach
    void closeStory() {
        alice.close();
    }
}
