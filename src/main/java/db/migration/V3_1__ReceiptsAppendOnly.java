package db.migration;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * On PostgreSQL, the receipt table refuses UPDATE, DELETE and TRUNCATE (a trigger that raises), so that even a
 * bug or a careless script cannot rewrite history; the hash chain then shows anything done around it. H2 (dev and
 * tests) has no PL/pgSQL, so there the application's own discipline (it never updates or deletes) and the chain
 * are the protection. A Java migration because the two databases need different SQL and Quarkus lists SQL
 * migrations at build time (a {@code {vendor}} location would not be found in a native image).
 * <p>
 * The table's owner can still disable the trigger; production should run the application with a role that does
 * not own the table (GRANT SELECT, INSERT only).
 * <p>
 * It lives in package {@code db.migration} because Quarkus runs only the Java migrations inside a Flyway location
 * ({@code db/migration}); it belongs to {@code dev.changeset.audit} (receipts, versions V3_x).
 */
public class V3_1__ReceiptsAppendOnly extends BaseJavaMigration {

    private static final String FUNCTION = """
            CREATE OR REPLACE FUNCTION receipt_refuse_change() RETURNS trigger AS $$
            BEGIN
                RAISE EXCEPTION 'receipts are append-only: % on % is refused', TG_OP, TG_TABLE_NAME
                    USING ERRCODE = 'insufficient_privilege';
            END;
            $$ LANGUAGE plpgsql
            """;
    private static final String ROWS = """
            CREATE TRIGGER receipt_append_only
                BEFORE UPDATE OR DELETE ON receipt
                FOR EACH ROW EXECUTE FUNCTION receipt_refuse_change()
            """;
    private static final String TRUNCATE = """
            CREATE TRIGGER receipt_no_truncate
                BEFORE TRUNCATE ON receipt
                FOR EACH STATEMENT EXECUTE FUNCTION receipt_refuse_change()
            """;
    private static final String SKU_ROWS = """
            CREATE TRIGGER receipt_sku_append_only
                BEFORE UPDATE OR DELETE ON receipt_sku
                FOR EACH ROW EXECUTE FUNCTION receipt_refuse_change()
            """;

    @Override
    public void migrate(Context context) throws SQLException {
        Connection connection = context.getConnection();
        if (!"PostgreSQL".equalsIgnoreCase(connection.getMetaData().getDatabaseProductName())) {
            return;
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute(FUNCTION);
            statement.execute(ROWS);
            statement.execute(TRUNCATE);
            statement.execute(SKU_ROWS);
        }
    }
}
