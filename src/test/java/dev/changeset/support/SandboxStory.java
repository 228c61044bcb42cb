package dev.changeset.support;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The sandbox story's setup before each test: the sandbox the application uses ({@code sandbox.url}, read from the
 * running application's configuration as {@link SandboxResource} writes it) put back as at start, with one-second
 * CIBA polling and an empty outbox ({@link Story#resetSandbox}). Register it with
 * {@code @ExtendWith(SandboxStory.class)} after {@code @QuarkusTest}; it runs before the class's own
 * {@code @BeforeEach} methods, which add what their tests need beyond it.
 */
public final class SandboxStory implements BeforeEachCallback {

    @Override
    public void beforeEach(ExtensionContext context) {
        Story.resetSandbox(new SandboxClient(ConfigProvider.getConfig().getValue("sandbox.url", String.class)));
    }
}
