/**
 * What operators watch that belongs to no single capability: the meter on every Google API request (Sheets for the
 * Reader and the Writer, Gmail for the Notifier). Each capability counts its own events where they happen (tool
 * outcomes in {@code mcp}, tiers in {@code policy}, approvals in {@code approval}, Token Vault in {@code vault},
 * receipts in {@code audit}); the pipeline's trace spans are in {@code pipeline.Steps}. No tag ever holds a token,
 * a user id, a SKU or any other unbounded or personal value. README.md "Operating it" lists every series.
 */
package dev.changeset.telemetry;
