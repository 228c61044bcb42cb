package dev.changeset.support;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * Runs a {@code @QuarkusTest} on PostgreSQL instead of the default H2 (the datasource kind is fixed at build time,
 * so this is a profile of its own). The database comes from the environment that {@code .ci/start-postgres}
 * prints: {@value #URL_ENV}, {@value #USER_ENV}, {@value #PASSWORD_ENV}. Flyway cleans and migrates it at start,
 * as on H2.
 * <p>
 * Annotate such tests with both {@code @TestProfile(PostgresProfile.class)} and {@link RequiresPostgres}, so that
 * they are skipped with a clear reason where no PostgreSQL is configured.
 */
public class PostgresProfile implements QuarkusTestProfile {

    public static final String URL_ENV = "CHANGESET_TEST_PG_URL";
    public static final String USER_ENV = "CHANGESET_TEST_PG_USER";
    public static final String PASSWORD_ENV = "CHANGESET_TEST_PG_PASSWORD";

    @Override
    public Map<String, String> getConfigOverrides() {
        // Called while JUnit discovers the tests, even for classes @RequiresPostgres then disables: never throw here.
        return Map.of(
                "quarkus.datasource.db-kind", "postgresql",
                "quarkus.datasource.jdbc.url",
                env(URL_ENV, "jdbc:postgresql://127.0.0.1:5432/" + URL_ENV + "-is-not-set"),
                "quarkus.datasource.username", env(USER_ENV, "changeset"),
                "quarkus.datasource.password", env(PASSWORD_ENV, ""),
                "quarkus.flyway.clean-at-start", "true",
                "quarkus.flyway.clean-disabled", "false");
    }

    private static String env(String name, String absent) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? absent : value;
    }
}
