package dev.changeset.mcp;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.changeset.catalog.LaunchEntry;
import dev.changeset.catalog.LaunchSchedule;
import dev.changeset.catalog.Product;
import dev.changeset.catalog.ProductPage;
import dev.changeset.catalog.ProductSheet;
import dev.changeset.catalog.RowProblem;
import dev.changeset.identity.Caller;
import dev.changeset.identity.Callers;
import dev.changeset.pipeline.CatalogReads;
import dev.changeset.pipeline.UserActionable;
import dev.changeset.text.Printable;
import io.quarkiverse.mcp.server.Tool;
import io.quarkiverse.mcp.server.ToolArg;
import io.quarkiverse.mcp.server.ToolCallException;
import io.quarkiverse.mcp.server.ToolGuardrails;
import io.quarkiverse.mcp.server.ToolResponse;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * {@code read_catalog} and {@code read_launch_schedule}: the pipeline's read step ({@link CatalogReads}) on the
 * caller's behalf; this class checks the arguments and shapes the answer.
 */
@ScopeChecked
public class CatalogTools {

    static final int MAX_LIMIT = 200;

    /** A page of products as {@code read_catalog} returns it. */
    @JsonInclude(JsonInclude.Include.NON_NULL) // absent, not null: clients check the output schema
    public record CatalogPage(String spreadsheetId, String sheet, Instant readAt, int totalProducts, int matched,
            int offset, int limit, Integer nextOffset, List<String> unknownSkus, List<Product> products,
            List<RowProblem> problems) {
    }

    /** Launch schedule entries in a date range, as {@code read_launch_schedule} returns them. */
    @JsonInclude(JsonInclude.Include.NON_NULL) // absent, not null: clients check the output schema
    public record LaunchPage(String spreadsheetId, String sheet, Instant readAt, LocalDate from, LocalDate to,
            int totalEntries, List<LaunchEntry> entries, List<RowProblem> problems) {
    }

    @Inject
    SecurityIdentity identity;
    @Inject
    Callers callers;
    @Inject
    CatalogReads reads;

    @ToolGuardrails(input = StrictArguments.class, output = ToolOutcomes.class)
    @Tool(name = "read_catalog", title = "Read the product catalog",
            description = "Reads the product catalog from the user's Google Sheet (through Auth0 Token Vault, "
                    + "read-only): SKU, name, price, cost, promotion active and percent, inventory, launch date, the "
                    + "sheet row and the A1 cell of each field. Cells that do not parse (blank, \"$1,299.00\", "
                    + "\"n/a\", formulas) are listed under problems with their row (for the rows returned); such a field "
                    + "is null. Filter by SKUs or text and page with offset/limit; reading by SKUs or by page reads "
                    + "only those rows, a text filter reads the whole sheet. Changes nothing.",
            annotations = @Tool.Annotations(title = "Read the product catalog", readOnlyHint = true,
                    destructiveHint = false, idempotentHint = true, openWorldHint = true),
            outputSchema = @Tool.OutputSchema(from = CatalogPage.class))
    public ToolResponse readCatalog(
            @ToolArg(description = "Only these SKUs (exact match, any case), e.g. [\"APP-1000\", \"KIT-1012\"]. "
                    + "Omit for every product.", required = false) List<String> skus,
            @ToolArg(description = "Only products whose SKU or name contains this text (any case), e.g. "
                    + "\"merino\". Omit for no text filter.", required = false) String query,
            @ToolArg(description = "How many matching products to skip, for paging: pass nextOffset from the "
                    + "previous answer. Default 0.", defaultValue = "0") int offset,
            @ToolArg(description = "At most this many products in the answer, 1 to " + MAX_LIMIT
                    + ". Default 50.",
                    defaultValue = "50") int limit) {
        Set<String> wanted = checkedSkus(skus);
        if (query != null && query.length() > 200) {
            throw new ToolCallException("query is too long: at most 200 characters");
        }
        if (offset < 0) {
            throw new ToolCallException("offset must be 0 or more");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new ToolCallException("limit must be between 1 and " + MAX_LIMIT);
        }
        Caller caller = callers.of(identity);
        boolean text = query != null && !query.isBlank();
        CatalogPage answer;
        if (!text && wanted.isEmpty()) { // a page: the page's rows only, through the SKU index
            ProductPage read = actionable(() -> reads.page(caller, offset, limit));
            ProductSheet sheet = read.sheet();
            Integer next = offset + sheet.products().size() < read.totalProducts()
                    ? offset + sheet.products().size() : null;
            answer = new CatalogPage(sheet.spreadsheetId(), sheet.sheet(), sheet.readAt(), read.totalProducts(),
                    read.totalProducts(), offset, limit, next, List.of(), sheet.products(), sheet.problems());
        } else {
            // SKUs: their rows only, through the SKU index; a text search reads every name
            ProductSheet sheet = actionable(() -> text ? reads.all(caller) : reads.bySku(caller, wanted));
            int total = text ? sheet.products().size() : reads.productCount();
            List<Product> matched = sheet.matching(wanted, query);
            List<Product> page = matched.stream().skip(offset).limit(limit).toList();
            Set<String> found = sheet.products().stream().map(p -> p.sku().toUpperCase(Locale.ROOT))
                    .collect(Collectors.toSet());
            List<String> unknown = wanted.stream().filter(s -> !found.contains(s)).toList();
            Set<Integer> rows = matched.stream().map(Product::row).collect(Collectors.toSet());
            List<RowProblem> problems = sheet.problems().stream().filter(p -> rows.contains(p.row())).toList();
            Integer next = offset + page.size() < matched.size() ? offset + page.size() : null;
            answer = new CatalogPage(sheet.spreadsheetId(), sheet.sheet(), sheet.readAt(), total, matched.size(),
                    offset, limit, next, unknown, page, problems);
        }
        return Answers.structured(catalogSummary(answer), answer);
    }

    @ToolGuardrails(input = StrictArguments.class, output = ToolOutcomes.class)
    @Tool(name = "read_launch_schedule", title = "Read the launch schedule",
            description = "Reads the product launch schedule from the user's Google Sheet (through Auth0 Token "
                    + "Vault, read-only): date, SKU, channel, campaign and status of each planned launch, with its "
                    + "row. Rows whose date or SKU does not parse are listed under problems. Changes nothing.",
            annotations = @Tool.Annotations(title = "Read the launch schedule", readOnlyHint = true,
                    destructiveHint = false, idempotentHint = true, openWorldHint = true),
            outputSchema = @Tool.OutputSchema(from = LaunchPage.class))
    public ToolResponse readLaunchSchedule(
            @ToolArg(description = "First launch date to include, as YYYY-MM-DD (inclusive). Omit for no lower "
                    + "bound.", required = false) String from,
            @ToolArg(description = "Last launch date to include, as YYYY-MM-DD (inclusive). Omit for no upper "
                    + "bound.", required = false) String to) {
        Optional<LocalDate> start = date("from", from);
        Optional<LocalDate> end = date("to", to);
        if (start.isPresent() && end.isPresent() && end.get().isBefore(start.get())) {
            throw new ToolCallException("to (" + to + ") is before from (" + from + ")");
        }
        LaunchSchedule schedule = actionable(() -> reads.launches(callers.of(identity)));
        List<LaunchEntry> entries = schedule.entries().stream()
                .filter(e -> e.date() != null)
                .filter(e -> start.map(s -> !e.date().isBefore(s)).orElse(true))
                .filter(e -> end.map(s -> !e.date().isAfter(s)).orElse(true))
                .sorted(Comparator.comparing(LaunchEntry::date).thenComparing(LaunchEntry::row))
                .toList();
        LaunchPage answer = new LaunchPage(schedule.spreadsheetId(), schedule.sheet(), schedule.readAt(),
                start.orElse(null), end.orElse(null), schedule.entries().size(), entries, schedule.problems());
        StringBuilder text = new StringBuilder("Read the launch schedule ('" + answer.sheet() + "'): "
                + entries.size() + " of " + answer.totalEntries() + " launches between "
                + start.map(LocalDate::toString).orElse("the start") + " and "
                + end.map(LocalDate::toString).orElse("the end") + ".");
        entries.stream().limit(20).forEach(e -> text.append("\n").append(e.date()).append(" ").append(e.sku())
                .append(" ").append(e.channel()).append(" (").append(e.campaign()).append(", ").append(e.status())
                .append(")"));
        appendProblems(text, answer.problems());
        return Answers.structured(text.toString(), answer);
    }

    private static Set<String> checkedSkus(List<String> skus) {
        if (skus == null) {
            return Set.of();
        }
        if (skus.size() > MAX_LIMIT) {
            throw new ToolCallException("skus: at most " + MAX_LIMIT + " SKUs at once");
        }
        Set<String> out = new LinkedHashSet<>();
        for (String sku : skus) {
            if (sku == null || sku.isBlank() || sku.length() > 64) {
                throw new ToolCallException("skus: each SKU must be 1 to 64 characters");
            }
            out.add(sku.trim().toUpperCase(Locale.ROOT));
        }
        return out;
    }

    private static Optional<LocalDate> date(String name, String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(value.trim()));
        } catch (DateTimeParseException e) {
            throw new ToolCallException(name + " must be a date as YYYY-MM-DD, not '" + Printable.echo(value) + "'");
        }
    }

    /** Runs a read; an error the user can act on becomes a tool error whose text says what to do. */
    private static <T> T actionable(Supplier<T> read) {
        try {
            return read.get();
        } catch (UserActionable e) {
            throw ToolErrors.of(e);
        }
    }

    private static String catalogSummary(CatalogPage page) {
        StringBuilder text = new StringBuilder("Read " + page.totalProducts() + " products from '" + page.sheet()
                + "' at " + page.readAt() + ". ");
        if (page.products().isEmpty()) {
            text.append("No product matches");
        } else {
            text.append("Showing ").append(page.offset() + 1).append("-").append(page.offset() + page.products().size())
                    .append(" of ").append(page.matched()).append(" matching");
        }
        text.append(page.nextOffset() == null ? "." : " (next page: offset " + page.nextOffset() + ").");
        if (!page.unknownSkus().isEmpty()) {
            text.append(" Not in the sheet: ").append(String.join(", ", page.unknownSkus())).append(".");
        }
        appendProblems(text, page.problems());
        return text.toString();
    }

    private static void appendProblems(StringBuilder text, List<RowProblem> problems) {
        if (problems.isEmpty()) {
            return;
        }
        text.append("\n").append(problems.size()).append(problems.size() == 1 ? " cell" : " cells")
                .append(" did not read (the field is null):");
        List<RowProblem> shown = new ArrayList<>(problems.subList(0, Math.min(problems.size(), 20)));
        shown.forEach(p -> text.append("\n- row ").append(p.row()).append(p.sku() == null ? "" : " " + p.sku())
                .append(" ").append(p.field()).append(" (").append(p.cell()).append(")")
                .append(p.found() == null ? "" : " '" + p.found() + "'").append(": ").append(p.problem()));
        if (problems.size() > shown.size()) {
            text.append("\n- and ").append(problems.size() - shown.size()).append(" more");
        }
    }
}
