package dev.changeset.sandbox;

import java.util.List;
import java.util.Optional;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Test switches for the Sheets emulator, over HTTP under {@code /sandbox/google/}:
 * <ul>
 * <li>{@code POST faults} (see {@link GoogleFaults}), {@code GET faults}, {@code DELETE faults};</li>
 * <li>{@code GET calls?since=N}: the call log;</li>
 * <li>{@code GET spreadsheets/{id}/snapshot?sheet=Products}: every stored cell, typed, with its SHA-256;</li>
 * <li>{@code POST spreadsheets/{id}/values} {@code {"range","values","valueInputOption"}}: another writer edits
 * cells (no token, no quota, not logged; {@code USER_ENTERED} by default);</li>
 * <li>{@code POST spreadsheets/{id}/insert-row} {@code {"sheet","row","values"}}: another writer inserts a row
 * (1-based; rows below move down, formulas follow them);</li>
 * <li>{@code POST quota} (see {@link GoogleQuota}), {@code GET quota}; {@code POST tokens/revoke} {@code {"user":"alice"}}:
 * Google stops accepting that user's tokens; {@code POST reset}: seed, faults, log and quota as at start
 * ({@code {"products": 50000}}: a seed of that many products instead, see {@link SheetSeed#catalog(int)}).</li>
 * </ul>
 */
final class SandboxSheetsControls {

    private final SandboxSheets sheets;
    private final SandboxGoogleTokens tokens;

    SandboxSheetsControls(SandboxSheets sheets, SandboxGoogleTokens tokens) {
        this.sheets = sheets;
        this.tokens = tokens;
    }

    void mount(Router router) {
        router.route("/sandbox/google/*").failureHandler(SandboxTokenVault::badControlRequest);
        router.post("/sandbox/google/faults").handler(ctx -> Sandbox.json(ctx, 200,
                sheets.faults.add(SandboxTokenVault.body(ctx))));
        router.get("/sandbox/google/faults").handler(ctx -> Sandbox.json(ctx, 200,
                new JsonObject().put("faults", sheets.faults.describe())));
        router.delete("/sandbox/google/faults").handler(ctx -> {
            sheets.faults.clear();
            Sandbox.json(ctx, 200, new JsonObject().put("faults", new JsonArray()));
        });
        router.get("/sandbox/google/calls").handler(ctx -> {
            String since = ctx.queryParams().get("since");
            Sandbox.json(ctx, 200, sheets.calls.since(since == null ? 0 : Long.parseLong(since)));
        });
        router.get("/sandbox/google/spreadsheets/:id/snapshot").handler(ctx -> withSpreadsheet(ctx,
                s -> s.snapshot(Optional.ofNullable(ctx.queryParams().get("sheet")).orElse(SheetSeed.PRODUCTS))));
        router.post("/sandbox/google/spreadsheets/:id/values").handler(ctx -> withSpreadsheet(ctx, s -> {
            JsonObject body = SandboxTokenVault.body(ctx);
            return s.update(body.getString("range"), body,
                    body.getString("valueInputOption", "USER_ENTERED"), false);
        }));
        router.post("/sandbox/google/spreadsheets/:id/insert-row").handler(ctx -> withSpreadsheet(ctx, s -> {
            JsonObject body = SandboxTokenVault.body(ctx);
            List<Object> values = body.getJsonArray("values", new JsonArray()).getList();
            s.insertRow(body.getString("sheet", SheetSeed.PRODUCTS), body.getInteger("row", 2), values);
            return new JsonObject().put("inserted", body.getInteger("row", 2));
        }));
        router.post("/sandbox/google/quota").handler(sheets.quota::control);
        router.get("/sandbox/google/quota").handler(ctx -> Sandbox.json(ctx, 200, sheets.quota.describe()));
        router.post("/sandbox/google/tokens/revoke").handler(ctx -> {
            Optional<DemoUsers.DemoUser> user = DemoUsers.find(SandboxTokenVault.body(ctx).getString("user", ""));
            if (user.isEmpty()) {
                Sandbox.error(ctx, 400, "invalid_request", "name a demo user: {\"user\":\"alice\"}");
                return;
            }
            Sandbox.json(ctx, 200, new JsonObject().put("revoked", tokens.revokeAll(user.get().subject())));
        });
        router.post("/sandbox/google/reset").handler(ctx -> {
            Integer products = SandboxTokenVault.body(ctx).getInteger("products", sheets.seedProducts());
            if (products < 1 || products > SheetSeed.MAX_PRODUCTS) {
                Sandbox.error(ctx, 400, "invalid_request", "products: 1 to " + SheetSeed.MAX_PRODUCTS);
                return;
            }
            // a seed of 50,000 products takes a moment: off the event loop
            ctx.vertx().executeBlocking(() -> {
                sheets.reseed(products);
                sheets.faults.clear();
                sheets.calls.clear();
                sheets.quota.reset();
                return products;
            }, false).onComplete(done -> {
                if (done.succeeded()) {
                    Sandbox.json(ctx, 200, new JsonObject().put("reset", true).put("products", products));
                } else {
                    ctx.fail(done.cause());
                }
            });
        });
    }

    private void withSpreadsheet(RoutingContext ctx, java.util.function.Function<SandboxSpreadsheet, JsonObject> op) {
        SandboxSpreadsheet spreadsheet = sheets.spreadsheets.get(ctx.pathParam("id"));
        if (spreadsheet == null) {
            SandboxSheets.fail(ctx, SheetsError.notFound());
            return;
        }
        try {
            Sandbox.json(ctx, 200, op.apply(spreadsheet));
        } catch (SheetsError e) {
            SandboxSheets.fail(ctx, e);
        }
    }
}
