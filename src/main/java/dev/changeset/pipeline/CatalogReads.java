package dev.changeset.pipeline;

import java.util.Collection;

import jakarta.enterprise.context.ApplicationScoped;

import dev.changeset.catalog.CatalogReader;
import dev.changeset.catalog.LaunchSchedule;
import dev.changeset.catalog.ProductPage;
import dev.changeset.catalog.ProductSheet;
import dev.changeset.identity.Caller;
import dev.changeset.vault.Delegation;

/**
 * The read tools' step (read_catalog, read_launch_schedule): the Reader, on the verified caller's own delegation.
 * Reads change nothing, so they need no policy or approval; a refusal the user can act on (connect Google, quota, no
 * access to the sheet) leaves as {@link UserActionable} with the vault's or the catalog's message.
 */
@ApplicationScoped
public class CatalogReads {

    private final CatalogReader reader;

    CatalogReads(CatalogReader reader) {
        this.reader = reader;
    }

    /** Products {@code offset} to {@code offset + limit - 1} in sheet order, and how many there are. */
    public ProductPage page(Caller caller, int offset, int limit) {
        return UserActionable.translated(() -> reader.productsPage(Delegation.of(caller), offset, limit));
    }

    /** The rows of {@code skus} only (any case). */
    public ProductSheet bySku(Caller caller, Collection<String> skus) {
        return UserActionable.translated(() -> reader.productsBySku(Delegation.of(caller), skus));
    }

    /** The whole product sheet (a text search needs every name). */
    public ProductSheet all(Caller caller) {
        return UserActionable.translated(() -> reader.products(Delegation.of(caller)));
    }

    /** How many products the SKU index counts, as of its last check (reads nothing). */
    public int productCount() {
        return reader.productCount();
    }

    /** The whole launch schedule. */
    public LaunchSchedule launches(Caller caller) {
        return UserActionable.translated(() -> reader.launches(Delegation.of(caller)));
    }
}
