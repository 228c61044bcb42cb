package dev.changeset.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The production profile pointed at a sandbox instead of Auth0 and Google: the system properties in
 * {@code prod-on-sandbox.properties} (shared with {@code src/bench/load.sh}) plus {@code sandbox.url}.
 */
public final class ProdOnSandbox {

    private ProdOnSandbox() {
    }

    /** The properties for a packaged application whose tenant is the sandbox at {@code sandboxUrl}, plus extras. */
    public static Map<String, String> properties(String sandboxUrl, Map<String, String> extra) {
        Properties file = new Properties();
        try (InputStream in = ProdOnSandbox.class.getResourceAsStream("/prod-on-sandbox.properties")) {
            if (in == null) {
                throw new IllegalStateException("prod-on-sandbox.properties is not on the test classpath");
            }
            file.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> properties = new LinkedHashMap<>();
        file.stringPropertyNames().stream().sorted().forEach(k -> properties.put(k, file.getProperty(k)));
        properties.put("sandbox.url", sandboxUrl);
        properties.putAll(extra);
        return properties;
    }

    /** Starts the packaged application (prod profile) with the sandbox at {@code sandboxUrl} as its tenant. */
    public static PackagedApp start(String name, String sandboxUrl, Map<String, String> extra) throws IOException {
        return PackagedApp.start(name, properties(sandboxUrl, extra));
    }
}
