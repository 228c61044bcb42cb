package dev.changeset.catalog;

import java.net.URI;
import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Where the catalog lives in Google Sheets and how its columns are found: by their header text in the first row
 * (any order, other columns ignored), so people may rearrange the sheet.
 */
@ConfigMapping(prefix = "changeset.catalog")
public interface CatalogConfig {

    /** The Sheets API root, {@code https://sheets.googleapis.com} in production (no trailing slash needed). */
    URI sheetsRootUrl();

    /** The id of the spreadsheet holding the catalog (the long part of its URL). */
    String spreadsheetId();

    Products products();

    Launches launches();

    Retry retry();

    /**
     * A SKU the SKU index does not know rebuilds the index (a product may have been added on a row that held
     * another SKU), unless it was rebuilt this recently: an assistant asking for unknown SKUs then costs no more
     * than a read of the rows it names. Rows inserted, deleted, sorted or appended rebuild it on the read that finds
     * them, whatever this says.
     */
    @WithDefault("10S")
    Duration unknownSkuRefresh();

    /** How long to wait for a connection to Google. */
    @WithDefault("5S")
    Duration connectTimeout();

    /** How long to wait for Google's answer. */
    @WithDefault("20S")
    Duration readTimeout();

    /** The product sheet and the header of each column read. */
    interface Products {
        @WithDefault("Products")
        String sheet();

        @WithDefault("SKU")
        String sku();

        @WithDefault("Name")
        String name();

        @WithDefault("Price")
        String price();

        @WithDefault("Cost")
        String cost();

        @WithDefault("Promo Active")
        String promotionActive();

        @WithDefault("Promo %")
        String promotionPercent();

        @WithDefault("Inventory")
        String inventory();

        @WithDefault("Launch Date")
        String launchDate();
    }

    /** The launch schedule sheet and its column headers. */
    interface Launches {
        @WithDefault("Launch Schedule")
        String sheet();

        @WithDefault("Launch Date")
        String date();

        @WithDefault("SKU")
        String sku();

        @WithDefault("Channel")
        String channel();

        @WithDefault("Campaign")
        String campaign();

        @WithDefault("Status")
        String status();
    }

    /** Bounded retries of reads that Google refused for load (429) or failed (5xx, no answer). */
    interface Retry {
        /** Retries after the first attempt. */
        @WithDefault("3")
        int maxRetries();

        /** The first wait; each later wait doubles, up to {@code max-delay}. */
        @WithDefault("200MS")
        Duration delay();

        @WithDefault("2S")
        Duration maxDelay();

        /** Random spread added to or taken from each wait. */
        @WithDefault("50MS")
        Duration jitter();
    }
}
