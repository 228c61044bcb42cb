package dev.changeset.proof;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;

import dev.changeset.support.ProofRecord;
import dev.changeset.support.SandboxClient;
import dev.changeset.support.Story;

/**
 * The start of an attack proof: the sandbox as at start, raw HTTP to the server, and the tally of attempts (each
 * recorded with what was expected and what was seen; the test fails listing every attempt that did not hold).
 * Subclasses are {@code @QuarkusTest @WithTestResource(SandboxResource.class)} and write their tally after all.
 */
abstract class AttackProof {

    @ConfigProperty(name = "sandbox.url")
    String sandboxUrl;
    @ConfigProperty(name = "changeset.public-url")
    String publicUrl;

    SandboxClient sandbox;
    RawHttp http;
    final List<String> failures = new ArrayList<>();

    /** This class's tally. */
    abstract ProofRecord proof();

    @BeforeEach
    void resetSandbox() {
        sandbox = new SandboxClient(sandboxUrl);
        Story.resetSandbox(sandbox);
        http = new RawHttp(publicUrl);
    }

    void record(String name, String expected, String observed, boolean held) {
        proof().add(new ProofRecord.Attempt(name, expected, observed, held));
        if (!held) {
            failures.add(name + ": expected " + expected + ", got " + observed);
        }
    }
}
