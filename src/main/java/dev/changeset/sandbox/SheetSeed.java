package dev.changeset.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo catalog: a spreadsheet with a {@code Products} sheet (220 products by default, any number on request:
 * {@link #catalog(int)}) and a {@code Launch Schedule} sheet,
 * loaded from the CSV files under {@code src/main/resources/sandbox/} as if a person had typed them (so
 * {@code =...} is a formula and {@code 24.00} a number). The files are fixed, so every start holds the same cells,
 * including the deliberately broken ones ({@code $1,299.00} typed as text, {@code n/a}, a blank, {@code yes},
 * {@code TBD}, a formula).
 */
final class SheetSeed {

    /** The id dev and test configure as {@code changeset.catalog.spreadsheet-id}. */
    static final String CATALOG_SPREADSHEET_ID = "1SbxCommerceChangesetDemoCatalog2026";
    static final String PRODUCTS = "Products";
    static final String LAUNCHES = "Launch Schedule";

    private SheetSeed() {
    }

    /** The seed's own products (the rows of {@code catalog-products.csv}). */
    static final int SEED_PRODUCTS = 220;
    /** The most products a seed may hold: Google's limit is 10 million cells per spreadsheet, 9 columns here. */
    static final int MAX_PRODUCTS = 1_000_000;

    static SandboxSpreadsheet catalog() {
        return catalog(SEED_PRODUCTS);
    }

    /**
     * The demo catalog with {@code products} products: the seed's 220 (the first {@code products} of them when fewer),
     * then generated ones ({@code GEN-000221}, ...) after them, every cell of a generated product a plain typed value,
     * the same for the same size on every start (a merchant's catalog of 10,000 or 50,000 products, for benchmarks).
     */
    static SandboxSpreadsheet catalog(int products) {
        if (products < 1 || products > MAX_PRODUCTS) {
            throw new IllegalArgumentException("a seed holds 1 to " + MAX_PRODUCTS + " products, not " + products);
        }
        SandboxSpreadsheet spreadsheet = new SandboxSpreadsheet(CATALOG_SPREADSHEET_ID);
        SheetGrid sheet = spreadsheet.addSheet(PRODUCTS);
        load(sheet, "sandbox/catalog-products.csv", products + 1);
        for (int n = SEED_PRODUCTS + 1; n <= products; n++) {
            generated(sheet, n);
        }
        load(spreadsheet.addSheet(LAUNCHES), "sandbox/catalog-launches.csv", Integer.MAX_VALUE);
        return spreadsheet;
    }

    private static final String[] CATEGORIES = { "Apparel", "Home", "Kitchen", "Outdoor", "Beauty" };

    /** Product {@code n} (row n + 1): values spread by simple arithmetic, so every size seeds the same cells. */
    private static void generated(SheetGrid sheet, int n) {
        int row = n; // 0-based: the header is row 0, product 1 is row 1
        int cents = 999 + (n * 7919) % 19_000;            // 9.99 .. 199.98
        int cost = cents * (35 + n % 20) / 100;           // 35 % .. 54 % of the price
        boolean promo = n % 11 == 0;
        // stored as a person's typing would store them (numbers, booleans, text), without parsing each one
        sheet.put(row, 0, SheetCell.raw(String.format("GEN-%06d", n)));
        sheet.put(row, 1, SheetCell.raw("Generated Product " + n));
        sheet.put(row, 2, SheetCell.raw(CATEGORIES[n % CATEGORIES.length]));
        sheet.put(row, 3, SheetCell.raw(BigDecimal.valueOf(cents, 2)));
        sheet.put(row, 4, SheetCell.raw(BigDecimal.valueOf(cost, 2)));
        sheet.put(row, 5, SheetCell.raw(promo));
        sheet.put(row, 6, SheetCell.raw(promo ? 10 : 0));
        sheet.put(row, 7, SheetCell.raw(20 + (n * 31) % 480));
        sheet.put(row, 8, SheetCell.raw(String.format("2026-%02d-%02d", 1 + n % 12, 1 + n % 28)));
    }


    private static void load(SheetGrid sheet, String resource, int maxRows) {
        List<List<String>> rows = parse(read(resource));
        for (int r = 0; r < Math.min(rows.size(), maxRows); r++) {
            List<String> row = rows.get(r);
            for (int c = 0; c < row.size(); c++) {
                String text = row.get(c);
                // "$1,299.00" in the seed stands for text someone pasted, not a number Sheets recognised
                sheet.put(r, c, text.startsWith("$") ? SheetCell.raw(text) : SheetCell.typed(text));
            }
        }
    }

    private static String read(String resource) {
        try (InputStream in = SheetSeed.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing seed " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * RFC 4180 CSV: commas, double-quoted fields with {@code ""} inside, LF or CRLF line ends. Hand-written for
     * two fixed seed files of our own: a CSV library would ship in production images (the sandbox lives in
     * src/main) for this alone.
     */
    static List<List<String>> parse(String text) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    field.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                row.add(field.toString());
                field.setLength(0);
            } else if (ch == '\n' || ch == '\r') {
                if (ch == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                row.add(field.toString());
                field.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
            } else {
                field.append(ch);
            }
        }
        if (field.length() > 0 || !row.isEmpty()) {
            row.add(field.toString());
            rows.add(row);
        }
        return rows;
    }
}
