package dev.changeset.proof;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.changeset.support.PostgresProfile;
import dev.changeset.support.ProofRecord;
import dev.changeset.support.RequiresPostgres;
import dev.changeset.support.SandboxClient;
import dev.changeset.support.SandboxResource;
import dev.changeset.support.SandboxStory;
import dev.changeset.support.Story;
import io.modelcontextprotocol.spec.McpSchema;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonObject;

/**
 * PostgreSQL refusing writes while alice works: the database turning read-only (a failover to a standby: every new
 * session read-only, the old ones cut), and the receipt table refusing inserts. No answer of success while it
 * refuses, no Google write without a recorded approval, never a write twice, and recovery once it takes writes
 * again. The tally goes to {@code target/proof/faults-database.json}.
 */
@QuarkusTest
@TestProfile(FaultPostgresProfile.class)
@RequiresPostgres
@WithTestResource(SandboxResource.class)
@ExtendWith(SandboxStory.class)
class DatabaseFaultsTest {

    static final ProofRecord PROOF = new ProofRecord("faults-database");

    @ConfigProperty(name = "sandbox.url")
    String sandboxUrl;
    @ConfigProperty(name = "changeset.public-url")
    String publicUrl;

    SandboxClient sandbox;
    Story alice;
    FaultScenes scenes;

    @BeforeEach
    void setUp() {
        sandbox = new SandboxClient(sandboxUrl);
        alice = new Story(publicUrl, sandboxUrl, "alice");
        scenes = new FaultScenes(sandbox, alice, PROOF);
        untilTheDatabaseAnswers(); // an earlier test may have cut the sessions
    }

    @AfterEach
    void tearDown() throws SQLException {
        admin("ALTER DATABASE " + database() + " RESET default_transaction_read_only");
        admin("GRANT INSERT ON receipt TO CURRENT_USER");
        cutSessions();
        alice.close();
        PROOF.write();
    }

    @Test
    void a_database_turned_read_only_refuses_every_change_and_nothing_is_written() throws SQLException {
        List<String> failures = new ArrayList<>();
        String id = scenes.previewT1("APP-1000", bump("APP-1000"));
        String sheet = scenes.sheet();
        long mark = scenes.mark();
        admin("ALTER DATABASE " + database() + " SET default_transaction_read_only = on");
        cutSessions();
        List<String> answers = new ArrayList<>();
        boolean closed = true;
        for (int i = 0; i < 3; i++) { // the first calls may meet the cut sessions, the later ones the read-only ones
            McpSchema.CallToolResult preview = alice.call("preview_changeset", Map.of("operations",
                    List.of(Story.setPrice("APP-1008", bump("APP-1008")))));
            McpSchema.CallToolResult apply = alice.call("apply_changeset", Map.of("changesetId", id,
                    "waitSeconds", 0));
            answers.add(Story.text(preview) + " | " + Story.text(apply));
            closed &= Boolean.TRUE.equals(preview.isError()) && Boolean.TRUE.equals(apply.isError());
        }
        boolean nothingWritten = sheet.equals(scenes.sheet()) && scenes.writes(mark)[0] == 0;
        failures.addAll(scenes.record("PostgreSQL turns read-only (sessions cut, new ones read-only)",
                "every preview and apply refused, no success; nothing written", answers.get(answers.size() - 1),
                closed && nothingWritten && answers.get(2).contains("could not store")));

        admin("ALTER DATABASE " + database() + " RESET default_transaction_read_only");
        cutSessions();
        int failedFirst = untilTheDatabaseAnswers();
        JsonObject recovered = scenes.apply(id, 10);
        int[] writes = scenes.writes(mark);
        failures.addAll(scenes.record("PostgreSQL takes writes again",
                "the changeset previewed before the fault runs: SEALED, one write", recovered.getString("state")
                        + ", writes " + writes[0] + " (" + failedFirst + " read(s) met a cut session first)",
                recovered.getString("state").equals("SEALED") && writes[0] == 1));
        assertEquals(List.of(), failures);
    }

    @Test
    void a_receipt_table_refusing_inserts_never_yields_a_success_and_the_receipt_follows_later() throws Exception {
        List<String> failures = new ArrayList<>();
        String id = scenes.previewT1("APP-1020", bump("APP-1020"));
        long mark = scenes.mark();
        admin("REVOKE INSERT ON receipt FROM CURRENT_USER");
        McpSchema.CallToolResult apply = alice.call("apply_changeset", Map.of("changesetId", id, "waitSeconds", 5));
        JsonObject during = alice.ok("get_changeset", Map.of("changesetId", id));
        boolean noSuccess = !during.getString("state").equals("SEALED") && during.getString("receiptId") == null
                && !Story.text(apply).contains("nothing was changed") && !Story.text(apply).contains("SEALED");
        failures.addAll(scenes.record("PostgreSQL refuses receipt inserts during an apply",
                "no SEALED answer and no receipt while it refuses", Story.text(apply) + " / "
                        + during.getString("state"), noSuccess));

        admin("GRANT INSERT ON receipt TO CURRENT_USER");
        Thread.sleep(6000); // longer than the execution lease (5 s in FaultProfile)
        JsonObject after = alice.ok("get_changeset", Map.of("changesetId", id));
        int[] writes = scenes.writes(mark);
        boolean sealed = after.getString("state").equals("SEALED") && after.getString("receiptId") != null
                && alice.ok("get_receipt", Map.of("receiptId", after.getString("receiptId"))).getString("outcome")
                        .equals("SEALED")
                && writes[0] == 1;
        failures.addAll(scenes.record("PostgreSQL takes receipts again",
                "the verified write is sealed with its receipt, without writing again", after.getString("state")
                        + " receipt " + after.getString("receiptId") + ", writes " + writes[0], sealed));
        assertEquals(List.of(), failures);
    }

    /**
     * Reads until the database answers: each failed call costs the pool one of the sessions the cut ended. Returns
     * how many calls failed first.
     */
    private int untilTheDatabaseAnswers() {
        for (int failed = 0; failed < 20; failed++) {
            String text = Story.text(alice.call("get_changeset", Map.of("changesetId", "CS-NONE")));
            if (text.contains("no changeset")) {
                return failed;
            }
        }
        throw new IllegalStateException("the database did not answer after 20 calls");
    }

    private static String database() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement();
                var r = s.executeQuery("SELECT current_database()")) {
            r.next();
            return "\"" + r.getString(1) + "\"";
        }
    }

    /** Ends every other session on this database (the application's pooled connections), as a failover does. */
    private static void cutSessions() throws SQLException {
        admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database()"
                + " AND pid <> pg_backend_pid()");
    }

    /** As the database's owner, in a session that may write whatever the database's default says. */
    private static void admin(String sql) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("SET default_transaction_read_only = off");
            s.execute(sql);
        }
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(System.getenv(PostgresProfile.URL_ENV),
                System.getenv(PostgresProfile.USER_ENV), System.getenv(PostgresProfile.PASSWORD_ENV));
    }

    private String bump(String sku) {
        BigDecimal price = new BigDecimal(alice.product(sku).getValue("price").toString());
        return price.multiply(new BigDecimal("1.02")).setScale(2, RoundingMode.HALF_UP).toPlainString();
    }
}
