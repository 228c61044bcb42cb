package dev.changeset.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * Skips a test class, with a reason, when no PostgreSQL test database is configured. Use with
 * {@code @TestProfile(PostgresProfile.class)}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@EnabledIfEnvironmentVariable(named = PostgresProfile.URL_ENV, matches = ".+",
        disabledReason = "no PostgreSQL: set CHANGESET_TEST_PG_URL, _USER and _PASSWORD (see .ci/start-postgres)")
public @interface RequiresPostgres {
}
