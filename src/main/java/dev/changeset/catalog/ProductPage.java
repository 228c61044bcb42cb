package dev.changeset.catalog;

/** A page of the product sheet in sheet order, and how many products the sheet holds. */
public record ProductPage(ProductSheet sheet, int totalProducts) {
}
