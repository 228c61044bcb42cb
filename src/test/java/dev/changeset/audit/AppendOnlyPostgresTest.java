package dev.changeset.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.changeset.support.PostgresProfile;
import dev.changeset.support.ReceiptDrafts;
import dev.changeset.support.RequiresPostgres;
import dev.changeset.support.SandboxResource;
import dev.changeset.text.Sha256;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** On PostgreSQL the receipt table itself refuses UPDATE, DELETE and TRUNCATE, whoever sends them. */
@QuarkusTest
@TestProfile(PostgresProfile.class)
@RequiresPostgres
@WithTestResource(SandboxResource.class)
class AppendOnlyPostgresTest {

    @Inject
    ReceiptLog log;
    @Inject
    AgroalDataSource dataSource;

    @Test
    void the_database_refuses_to_change_or_remove_a_receipt() throws Exception {
        Receipt receipt = log.append(ReceiptDrafts.sealed("auth0|alice", "SKU-PG1", "5.00", "6.00")).receipt();
        long seq = receipt.sequence();
        for (String sql : new String[] {
                "UPDATE receipt SET state = 'DENIED' WHERE sequence = " + seq,
                "UPDATE receipt SET canonical_json = canonical_json || ' ' WHERE sequence = " + seq,
                "DELETE FROM receipt WHERE sequence = " + seq,
                "TRUNCATE receipt CASCADE",
                "UPDATE receipt_sku SET sku = 'SKU-X' WHERE sequence = " + seq,
                "DELETE FROM receipt_sku WHERE sequence = " + seq }) {
            SQLException refused = assertThrows(SQLException.class, () -> execute(sql), sql);
            assertTrue(refused.getMessage().contains("receipts are append-only"), refused.getMessage());
        }
        StoredReceipt still = log.find(receipt.receiptId()).orElseThrow();
        assertEquals(receipt, still.receipt());
        assertEquals(receipt.hash(), Sha256.hex(still.canonicalJson()));
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
