package dev.changeset.sandbox;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPInputStream;

import dev.changeset.sandbox.SandboxGoogleTokens.GoogleGrant;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The Google Sheets v4 values API under {@code /v4/spreadsheets/}, stateful, as the google-api-services-sheets
 * client calls it: {@code GET values/{range}}, {@code GET values:batchGet}, {@code PUT values/{range}},
 * {@code POST values:batchUpdate}, {@code POST values/{range}:append}, and {@code GET {id}} for the sheet list.
 * Each call needs a Google token the sandbox's Token Vault issued (else 401); reading needs
 * {@code spreadsheets.readonly} or {@code spreadsheets}, writing {@code spreadsheets} (else 403
 * {@code insufficientPermissions}); reads and writes count against Google's per-minute quotas ({@link GoogleQuota}, 429). Faults, the call log, snapshots and
 * direct edits are driven from {@link SandboxSheetsControls}. The call log counts what each answer returned: the
 * cells in its {@code values} and the bytes of its JSON body (as sent, before any compression), so benchmarks can
 * show what a read costs against a large catalog.
 */
final class SandboxSheets {

    private final SandboxGoogleTokens tokens;
    final Map<String, SandboxSpreadsheet> spreadsheets = new ConcurrentHashMap<>();
    final GoogleFaults faults = new GoogleFaults();
    final SheetsCallLog calls = new SheetsCallLog();
    final GoogleQuota quota;

    /** The catalog size a reset without one seeds: the start's. */
    private final int seedProducts;

    SandboxSheets(SandboxGoogleTokens tokens, boolean googleQuotas, int seedProducts) {
        this.tokens = tokens;
        this.quota = GoogleQuota.sheets(googleQuotas);
        this.seedProducts = seedProducts;
        reseed(seedProducts);
    }

    /** The demo catalog afresh, with {@code products} products (see {@link SheetSeed#catalog(int)}). */
    void reseed(int products) {
        SandboxSpreadsheet catalog = SheetSeed.catalog(products);
        spreadsheets.clear();
        spreadsheets.put(catalog.id, catalog);
    }

    int seedProducts() {
        return seedProducts;
    }

    /** Mounts the Sheets API and its test switches on {@code router}. */
    static SandboxSheets mount(Router router, SandboxGoogleTokens tokens, boolean googleQuotas, int seedProducts) {
        SandboxSheets sheets = new SandboxSheets(tokens, googleQuotas, seedProducts);
        router.route("/v4/spreadsheets/*").handler(sheets::handle);
        new SandboxSheetsControls(sheets, tokens).mount(router);
        return sheets;
    }

    /** When the sandbox began handling a request (nanoTime), for the call log's handling time. */
    private static final String STARTED = "sandbox.sheets.started";

    /** What a request asks for, read from its raw path before anything is decoded. */
    private record Call(String method, boolean write, String spreadsheetId, String range) {
    }

    private void handle(RoutingContext ctx) {
        ctx.put(STARTED, System.nanoTime());
        Optional<Call> call = route(ctx);
        if (call.isEmpty()) {
            fail(ctx, new SheetsError(404, "NOT_FOUND", "notFound", "Method not found."));
            return;
        }
        long delay = faults.latency(call.get().write());
        if (delay > 0) {
            ctx.vertx().setTimer(delay, id -> answer(ctx, call.get()));
        } else {
            answer(ctx, call.get());
        }
    }

    private Optional<Call> route(RoutingContext ctx) {
        String[] parts = ctx.request().path().substring("/v4/spreadsheets/".length()).split("/", -1);
        String verb = ctx.request().method().name();
        String id = decode(parts[0]);
        if (parts.length == 1 && verb.equals("GET")) {
            return Optional.of(new Call("spreadsheets.get", false, id, null));
        }
        if (parts.length == 2 && verb.equals("GET") && parts[1].equals("values:batchGet")) {
            return Optional.of(new Call("values.batchGet", false, id, null));
        }
        if (parts.length == 2 && verb.equals("POST") && parts[1].equals("values:batchUpdate")) {
            return Optional.of(new Call("values.batchUpdate", true, id, null));
        }
        if (parts.length == 3 && parts[1].equals("values")) {
            String raw = parts[2];
            if (verb.equals("POST") && raw.endsWith(":append")) {
                return Optional.of(new Call("values.append", true, id, decode(raw.substring(0, raw.length() - 7))));
            }
            if (verb.equals("GET")) {
                return Optional.of(new Call("values.get", false, id, decode(raw)));
            }
            if (verb.equals("PUT")) {
                return Optional.of(new Call("values.update", true, id, decode(raw)));
            }
        }
        return Optional.empty();
    }

    private void answer(RoutingContext ctx, Call call) {
        Optional<GoogleGrant> grant = tokens.authorize(ctx);
        Optional<GoogleGrant> presented = tokens.presented(ctx);
        JsonObject body = null;
        List<String> ranges = call.range() != null ? List.of(call.range()) : ctx.queryParams().getAll("ranges");
        String input = ctx.queryParams().get("valueInputOption");
        try {
            if (call.write()) {
                body = body(ctx);
                if (call.method().equals("values.batchUpdate")) {
                    input = body.getString("valueInputOption");
                    ranges = body.getJsonArray("data", new JsonArray()).stream()
                            .map(d -> d instanceof JsonObject o ? o.getString("range") : null).toList();
                }
            }
            if (grant.isEmpty()) {
                throw SheetsError.unauthenticated();
            }
            boolean canRead = grant.get().allows(DemoUsers.SHEETS) || grant.get().allows(DemoUsers.SHEETS_READONLY);
            if (call.write() ? !grant.get().allows(DemoUsers.SHEETS) : !canRead) {
                throw SheetsError.insufficientScopes();
            }
            SandboxSpreadsheet sheet = spreadsheets.get(call.spreadsheetId());
            if (sheet == null) {
                throw SheetsError.notFound();
            }
            Optional<SheetsError> injected = faults.error(call.write());
            if (injected.isPresent()) {
                throw injected.get();
            }
            Optional<GoogleQuota.Exceeded> overQuota = quota.charge(call.write() ? "write" : "read",
                    grant.get().subject(), 1);
            if (overQuota.isPresent()) {
                throw SheetsError.quota(overQuota.get(), SheetsError.Form.DETAILS);
            }
            JsonObject answer = execute(ctx, call, sheet, body, input);
            if (call.write() && faults.takeWriteFault("lose-write-answer")) {
                log(ctx, call, ranges, presented, input, 0, 0, 0);
                ctx.request().connection().close(); // applied, but the caller never hears so
                return;
            }
            String encoded = answer.encode();
            // logged before answering: tests read the log next
            log(ctx, call, ranges, presented, input, 200, cells(answer),
                    encoded.getBytes(StandardCharsets.UTF_8).length);
            ctx.response().setStatusCode(200).putHeader("Content-Type", "application/json")
                    .putHeader("Cache-Control", "no-store").end(encoded);
        } catch (SheetsError e) {
            log(ctx, call, ranges, presented, input, e.code, 0, 0);
            fail(ctx, e);
        }
    }

    /** The cells an answer carries: those of a ValueRange's {@code values}, or of each of a batchGet's ranges. */
    static int cells(JsonObject answer) {
        JsonArray ranges = answer.getJsonArray("valueRanges");
        if (ranges == null) {
            return cellsOf(answer.getJsonArray("values"));
        }
        int n = 0;
        for (Object range : ranges) {
            n += range instanceof JsonObject r ? cellsOf(r.getJsonArray("values")) : 0;
        }
        return n;
    }

    private static int cellsOf(JsonArray values) {
        int n = 0;
        if (values != null) {
            for (Object row : values) {
                n += row instanceof JsonArray r ? r.size() : 0;
            }
        }
        return n;
    }

    private JsonObject execute(RoutingContext ctx, Call call, SandboxSpreadsheet sheet, JsonObject body,
            String input) {
        String render = ctx.queryParams().get("valueRenderOption");
        String option = render == null ? "FORMATTED_VALUE" : render;
        if (!List.of("FORMATTED_VALUE", "UNFORMATTED_VALUE", "FORMULA").contains(option)) {
            throw SheetsError.badRequest("Invalid value at 'value_render_option' (" + option + ")");
        }
        String major = ctx.queryParams().get("majorDimension");
        return switch (call.method()) {
            case "spreadsheets.get" -> sheet.metadata();
            case "values.get" -> sheet.get(call.range(), option, major);
            case "values.batchGet" -> {
                List<String> ranges = ctx.queryParams().getAll("ranges");
                if (ranges.isEmpty()) {
                    throw SheetsError.badRequest("ranges is required");
                }
                yield sheet.batchGet(ranges, option, major);
            }
            case "values.update" -> sheet.update(call.range(), body, input, faults.takeWriteFault("corrupt-write"));
            case "values.batchUpdate" -> sheet.batchUpdate(body, faults.takeWriteFault("corrupt-write"));
            case "values.append" -> sheet.append(call.range(), body, input);
            default -> throw SheetsError.notFound();
        };
    }

    private void log(RoutingContext ctx, Call call, List<String> ranges, Optional<GoogleGrant> grant, String input,
            int status, int cells, int bytes) {
        long started = ctx.<Long> get(STARTED);
        calls.record(call.method(), call.spreadsheetId(), ranges.stream().map(String::valueOf).toList(),
                grant.map(GoogleGrant::subject).orElse(null), grant.map(GoogleGrant::exchangeId).orElse(null),
                grant.map(GoogleGrant::token).orElse(null), input, status, System.nanoTime() - started, cells, bytes);
    }

    /** The JSON body, gunzipped when the client compressed it (the Google client does so by default). */
    private static JsonObject body(RoutingContext ctx) {
        Buffer raw = ctx.body().buffer();
        if (raw == null || raw.length() == 0) {
            return new JsonObject();
        }
        try {
            byte[] bytes = raw.getBytes();
            if ("gzip".equalsIgnoreCase(ctx.request().getHeader("Content-Encoding"))) {
                try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
                    bytes = in.readAllBytes();
                }
            }
            return new JsonObject(new String(bytes, StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            throw SheetsError.badRequest("Invalid JSON payload received.");
        }
    }

    private static String decode(String segment) {
        return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** Answers with Google's error JSON (see {@link SheetsError#body()}). */
    static void fail(RoutingContext ctx, SheetsError e) {
        e.answer(ctx);
    }
}
