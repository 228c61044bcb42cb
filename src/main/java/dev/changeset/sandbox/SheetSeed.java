package dev.changeset.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo catalog: a spreadsheet with a {@code Products} sheet (220 products) and a {@code Launch Schedule} sheet,
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

    static SandboxSpreadsheet catalog() {
        SandboxSpreadsheet spreadsheet = new SandboxSpreadsheet(CATALOG_SPREADSHEET_ID);
        load(spreadsheet.addSheet(PRODUCTS), "sandbox/catalog-products.csv");
        load(spreadsheet.addSheet(LAUNCHES), "sandbox/catalog-launches.csv");
        return spreadsheet;
    }

    private static void load(SheetGrid sheet, String resource) {
        List<List<String>> rows = parse(read(resource));
        for (int r = 0; r < rows.size(); r++) {
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
