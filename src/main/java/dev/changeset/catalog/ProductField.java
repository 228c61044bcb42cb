package dev.changeset.catalog;

/** The product columns the catalog reads, by the name they carry in results. */
public enum ProductField {
    SKU("sku"),
    NAME("name"),
    PRICE("price"),
    COST("cost"),
    PROMOTION_ACTIVE("promotionActive"),
    PROMOTION_PERCENT("promotionPercent"),
    INVENTORY("inventory"),
    LAUNCH_DATE("launchDate");

    private final String key;

    ProductField(String key) {
        this.key = key;
    }

    /** The field's name in results and cell maps. */
    public String key() {
        return key;
    }

    String header(CatalogConfig.Products columns) {
        return switch (this) {
            case SKU -> columns.sku();
            case NAME -> columns.name();
            case PRICE -> columns.price();
            case COST -> columns.cost();
            case PROMOTION_ACTIVE -> columns.promotionActive();
            case PROMOTION_PERCENT -> columns.promotionPercent();
            case INVENTORY -> columns.inventory();
            case LAUNCH_DATE -> columns.launchDate();
        };
    }

    String setting() {
        return "changeset.catalog.products." + key.replaceAll("([A-Z])", "-$1").toLowerCase(java.util.Locale.ROOT);
    }
}
