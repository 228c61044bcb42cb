package dev.changeset.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The production profile pointed at a sandbox instead of Auth0 and Google: the settings in
 * {@code prod-on-sandbox.properties} (shared with {@code src/bench/load.sh}): lower-case keys as system
 * properties, UPPER_CASE keys as environment variables, {@code ${sandbox.url}} replaced by the sandbox's URL.
 */
public final class ProdOnSandbox {

    /** What the packaged application is started with. */
    public record Settings(Map<String, String> properties, Map<String, String> environment) {
    }

    private ProdOnSandbox() {
    }

    /** The settings for a packaged application whose tenant is the sandbox at {@code sandboxUrl}. */
    public static Settings settings(String sandboxUrl) {
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
        Map<String, String> environment = new LinkedHashMap<>();
        for (String key : file.stringPropertyNames().stream().sorted().toList()) {
            String value = file.getProperty(key).replace("${sandbox.url}", sandboxUrl);
            (key.matches("[A-Z0-9_]+") ? environment : properties).put(key, value);
        }
        return new Settings(properties, environment);
    }

    /** Starts the packaged application (prod profile) with the sandbox at {@code sandboxUrl}, plus properties. */
    public static PackagedApp start(String name, String sandboxUrl, Map<String, String> extraProperties)
            throws IOException {
        return start(name, sandboxUrl, extraProperties, Map.of());
    }

    /** As {@link #start(String, String, Map)}, plus environment variables (production's way of configuring). */
    public static PackagedApp start(String name, String sandboxUrl, Map<String, String> extraProperties,
            Map<String, String> extraEnvironment) throws IOException {
        Settings settings = settings(sandboxUrl);
        Map<String, String> properties = new LinkedHashMap<>(settings.properties());
        properties.putAll(extraProperties);
        Map<String, String> environment = new LinkedHashMap<>(settings.environment());
        environment.putAll(extraEnvironment);
        return PackagedApp.start(name, properties, environment);
    }

    /** True when the environment names a PostgreSQL test database ({@link PostgresProfile#URL_ENV}). */
    public static boolean testDatabaseConfigured() {
        String url = System.getenv(PostgresProfile.URL_ENV);
        return url != null && !url.isBlank();
    }

    /**
     * The test database as production is given its database ({@code CHANGESET_DB_*} variables), emptied at start by
     * Flyway (system properties: test-only settings) as the other packaged-application ITs sharing it do.
     */
    public static Settings testDatabase() {
        return new Settings(Map.of("quarkus.flyway.clean-at-start", "true", "quarkus.flyway.clean-disabled", "false"),
                Map.of("CHANGESET_DB_URL", System.getenv(PostgresProfile.URL_ENV),
                        "CHANGESET_DB_USER", System.getenv().getOrDefault(PostgresProfile.USER_ENV, "changeset"),
                        "CHANGESET_DB_PASSWORD", System.getenv().getOrDefault(PostgresProfile.PASSWORD_ENV, "")));
    }
}
