package dev.changeset.catalog;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The product sheet as read at {@code readAt}: products in sheet order, and every cell that did not parse.
 *
 * @param tokenExchangeId the Token Vault exchange whose Google token read it
 */
public record ProductSheet(String spreadsheetId, String sheet, Instant readAt, List<Product> products,
        List<RowProblem> problems, String tokenExchangeId) {

    /** Products whose SKU is one of {@code skus} (any case) when given, and whose SKU or name holds {@code text}. */
    public List<Product> matching(Set<String> skus, String text) {
        Set<String> wanted = skus.stream().map(s -> s.trim().toUpperCase(Locale.ROOT)).collect(
                java.util.stream.Collectors.toSet());
        String needle = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        return products.stream()
                .filter(p -> wanted.isEmpty() || wanted.contains(p.sku().toUpperCase(Locale.ROOT)))
                .filter(p -> needle.isEmpty() || p.sku().toLowerCase(Locale.ROOT).contains(needle)
                        || (p.name() != null && p.name().toLowerCase(Locale.ROOT).contains(needle)))
                .toList();
    }
}
