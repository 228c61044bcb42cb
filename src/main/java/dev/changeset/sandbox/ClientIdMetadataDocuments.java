package dev.changeset.sandbox;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import dev.changeset.sandbox.Applications.Application;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Client ID Metadata Documents as Auth0 supports them: <b>manual CIMD registration</b>
 * (https://auth0.com/docs/get-started/auth0-overview/create-applications/register-applications-with-cimd, in
 * auth0/docs-v2 main/docs/get-started/auth0-overview/create-applications/register-applications-with-cimd.mdx, and
 * https://auth0.com/ai/docs/mcp/guides/registering-your-mcp-client-application/manual-cimd-registration). A tenant
 * administrator imports the document from its URL; Auth0 fetches it, validates the URL and the JSON, and stores a
 * third-party application whose client id at {@code /authorize} and in tokens is the URL ("Phase 2: Authorization":
 * "Auth0 resolves client by external_client_id == client_id"). Auth0 does <i>not</i> fetch a document the first time
 * an unknown URL shows up at {@code /authorize} (MCP 2025-11-25, Authorization, "Client ID Metadata Documents",
 * describes that variant): an URL nobody imported is an unknown client there, and {@link AuthorizeEndpoint} says so.
 *
 * <p>
 * Routes, stand-ins for the Management API's {@code POST /api/v2/clients/cimd/preview} and
 * {@code POST /api/v2/clients/cimd/register} (same body {@code {"external_client_id": "<url>"}}, same answer:
 * {@code mapped_fields} and {@code validation} with {@code valid} and {@code warnings}, plus {@code client_id} and a
 * {@code Location} after registering): {@code POST /sandbox/clients/cimd/preview} and
 * {@code POST /sandbox/clients/cimd/register}. Where the documents are silent the sandbox chooses, and says so here:
 * the validation's {@code errors} array (the page says preview shows "any validation errors" without their shape),
 * a refused registration as the Management API's error body ({@code statusCode}, {@code error}, {@code message},
 * {@code errorCode: invalid_client_metadata}) with status 400, and 409 for a URL already registered.
 *
 * <p>
 * What is checked, from the page's tables: the URL ("CIMD URL validation rules": https, no localhost, a host, a path
 * beyond {@code /}, no dot segments, at most 120 bytes, no surrounding whitespace, no credentials, fragment, query or
 * port 0, well-formed percent-encoding); the fetch ("Fetch security": at most 5 KB, no redirects); the JSON ("CIMD
 * JSON validation rules": {@code client_id} exactly the URL, {@code client_name}, {@code grant_types} filtered to
 * {@code authorization_code} and {@code refresh_token} with a warning per other type, {@code redirect_uris} unique
 * https URIs or loopback for native applications, {@code application_type} native or web, no symmetric-secret
 * {@code token_endpoint_auth_method}, no inline {@code jwks}, {@code jwks_uri} on the document's origin,
 * {@code logo_uri}, {@code description} of 140 characters at most, {@code response_types} consistency; a warning per
 * unsupported property). A client using {@code private_key_jwt} passes validation but is refused at registration: the
 * sandbox's token endpoint does not implement that authentication method.
 *
 * <p>
 * The sandbox runs where public DNS and public certificates do not reach: {@code POST /sandbox/network/hosts}
 * ({@code {"host": "client.example", "address": "127.0.0.1:8443", "certificate": "-----BEGIN CERTIFICATE-----..."}})
 * tells it where a host name is and which certificate to trust for it, as a hosts file and a CA would. Fetches to
 * other hosts use the JVM's default trust and DNS.
 */
final class ClientIdMetadataDocuments {

    static final int MAX_URL_BYTES = 120;
    static final int MAX_DOCUMENT_BYTES = 5 * 1024;
    static final int MAX_DESCRIPTION = 140;
    private static final long FETCH_TIMEOUT_MS = 10_000;
    private static final Set<String> SUPPORTED_GRANTS = Set.of("authorization_code", "refresh_token");
    private static final Set<String> PROPERTIES = Set.of("client_id", "client_name", "redirect_uris", "grant_types",
            "application_type", "token_endpoint_auth_method", "jwks_uri", "logo_uri", "description",
            "response_types", "scope");
    private static final Pattern BAD_PERCENT = Pattern.compile("%(?![0-9A-Fa-f]{2})");
    private static final Pattern DOT_SEGMENT = Pattern.compile("(^|/)(\\.|%2e){1,2}(/|$)", Pattern.CASE_INSENSITIVE);

    /** Where a host name resolves and which certificate (PEM) to trust for it; see the class comment. */
    record Host(String address, int port, String certificate) {
    }

    /** The outcome of checking a URL and its document: what would be stored, warnings, errors. */
    record Checked(JsonObject mappedFields, List<String> warnings, List<String> errors) {
        boolean valid() {
            return errors.isEmpty();
        }

        JsonObject json() {
            return new JsonObject().put("mapped_fields", mappedFields).put("validation", new JsonObject()
                    .put("valid", valid()).put("warnings", new JsonArray(warnings)).put("errors", new JsonArray(errors)));
        }
    }

    private final Applications apps;
    private final Map<String, Host> hosts = new ConcurrentHashMap<>();

    ClientIdMetadataDocuments(Applications apps) {
        this.apps = apps;
    }

    void mount(Router router) {
        router.post("/sandbox/clients/cimd/preview").handler(ctx -> handle(ctx, false));
        router.post("/sandbox/clients/cimd/register").handler(ctx -> handle(ctx, true));
        router.post("/sandbox/network/hosts").handler(this::addHost);
    }

    private void addHost(RoutingContext ctx) {
        JsonObject body = body(ctx);
        String host = body == null ? null : body.getValue("host") instanceof String h ? h : null;
        String address = body == null ? null : body.getValue("address") instanceof String a ? a : null;
        if (host == null || address == null || !address.matches("[^:]+:\\d{1,5}")) {
            Sandbox.error(ctx, 400, "invalid_body", "host and address (\"127.0.0.1:8443\") are required");
            return;
        }
        String certificate = body.getValue("certificate") instanceof String c ? c : null;
        int colon = address.lastIndexOf(':');
        hosts.put(host.toLowerCase(Locale.ROOT), new Host(address.substring(0, colon),
                Integer.parseInt(address.substring(colon + 1)), certificate));
        Sandbox.json(ctx, 201, new JsonObject().put("host", host).put("address", address));
    }

    private void handle(RoutingContext ctx, boolean register) {
        JsonObject body = body(ctx);
        Object value = body == null ? null : body.getValue("external_client_id");
        String url = value instanceof String s ? s : null;
        List<String> urlProblems = urlProblems(url);
        if (!urlProblems.isEmpty()) {
            answer(ctx, register, new Checked(new JsonObject().put("external_client_id", url), List.of(), urlProblems));
            return;
        }
        fetch(ctx.vertx(), url).onComplete(fetched -> {
            Checked checked = fetched.succeeded() ? check(url, fetched.result())
                    : new Checked(new JsonObject().put("external_client_id", url), List.of(),
                            List.of(fetched.cause().getMessage()));
            answer(ctx, register, checked);
        });
    }

    private void answer(RoutingContext ctx, boolean register, Checked checked) {
        if (!register) {
            Sandbox.json(ctx, 200, checked.json());
            return;
        }
        if (!checked.valid()) {
            Sandbox.json(ctx, 400, managementError(400, "Bad Request", String.join("; ", checked.errors()))
                    .put("validation", checked.json().getJsonObject("validation")));
            return;
        }
        JsonObject fields = checked.mappedFields();
        String url = fields.getString("external_client_id");
        if ("private_key_jwt".equals(fields.getString("token_endpoint_auth_method"))) {
            Sandbox.json(ctx, 400, managementError(400, "Bad Request", "token_endpoint_auth_method private_key_jwt"
                    + " is valid at Auth0 (Enterprise plans) but the sandbox's token endpoint does not implement it;"
                    + " use a public client (none)"));
            return;
        }
        if (apps.find(url).isPresent()) {
            Sandbox.json(ctx, 409, managementError(409, "Conflict", "A client with external_client_id " + url
                    + " already exists"));
            return;
        }
        Application app = apps.add(fields.getString("client_name"), false, fields.getString("app_type"),
                fields.getString("token_endpoint_auth_method"),
                fields.getJsonArray("redirect_uris", new JsonArray()).stream().map(String::valueOf).toList(),
                Set.copyOf(fields.getJsonArray("grant_types").stream().map(String::valueOf).toList()), url);
        ctx.response().putHeader("Location", "/api/v2/clients/" + app.clientId());
        Sandbox.json(ctx, 201, new JsonObject().put("client_id", app.clientId()).mergeIn(checked.json()));
    }

    private static JsonObject managementError(int status, String error, String message) {
        return new JsonObject().put("statusCode", status).put("error", error).put("message", message)
                .put("errorCode", "invalid_client_metadata");
    }

    private static JsonObject body(RoutingContext ctx) {
        try {
            return ctx.body().length() == 0 ? null : ctx.body().asJsonObject();
        } catch (DecodeException | ClassCastException e) {
            return null;
        }
    }

    /** Why {@code url} cannot be a CIMD URL ("CIMD URL validation rules"); empty when it can. */
    static List<String> urlProblems(String url) {
        List<String> problems = new ArrayList<>();
        if (url == null || url.isEmpty()) {
            return List.of("external_client_id must be a non-empty string parseable as a URL");
        }
        if (!url.strip().equals(url)) {
            problems.add("the CIMD URL has leading or trailing whitespace");
        }
        if (url.getBytes(StandardCharsets.UTF_8).length > MAX_URL_BYTES) {
            problems.add("the CIMD URL is longer than " + MAX_URL_BYTES + " bytes");
        }
        if (BAD_PERCENT.matcher(url).find()) {
            problems.add("the CIMD URL has a % not followed by two hexadecimal digits");
            return problems;
        }
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            problems.add("the CIMD URL is not a URL: " + e.getReason());
            return problems;
        }
        if (!"https".equalsIgnoreCase(uri.getScheme())) {
            problems.add("the CIMD URL must use the https scheme");
        }
        if (url.strip().regionMatches(true, 0, "https:///", 0, 9) || uri.getHost() == null
                || uri.getHost().isEmpty()) {
            problems.add("the CIMD URL must contain a host name");
        } else if (RedirectUris.loopback(uri.getHost())) {
            problems.add("the CIMD URL may not name localhost, 127.0.0.1 or ::1");
        }
        if (uri.getRawUserInfo() != null) {
            problems.add("the CIMD URL may not contain a username or password");
        }
        if (uri.getRawFragment() != null || url.contains("#")) {
            problems.add("the CIMD URL may not contain a fragment (#)");
        }
        if (uri.getRawQuery() != null || url.contains("?")) {
            problems.add("the CIMD URL may not contain a query (?)");
        }
        if (uri.getPort() == 0) {
            problems.add("the CIMD URL may not use port 0");
        }
        String path = uri.getRawPath();
        if (path == null || path.isEmpty() || path.equals("/")) {
            problems.add("the CIMD URL must have a path beyond /");
        } else if (DOT_SEGMENT.matcher(path).find()) {
            problems.add("the CIMD URL's path may not contain . or .. segments");
        }
        return problems;
    }

    /** Checks a fetched document against its URL ("CIMD JSON validation rules") and maps it to Auth0's fields. */
    static Checked check(String url, JsonObject doc) {
        List<String> warnings = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        JsonObject mapped = new JsonObject().put("external_client_id", url);
        for (String name : doc.fieldNames()) {
            if (!PROPERTIES.contains(name) && !"jwks".equals(name)) {
                warnings.add("Property not supported: '" + name + "'");
            }
        }
        if (!url.equals(doc.getValue("client_id"))) {
            errors.add("client_id must be exactly the document's URL " + url + ", not " + doc.getValue("client_id"));
        }
        if (doc.getValue("client_name") instanceof String name && !name.isBlank()) {
            mapped.put("client_name", name);
        } else {
            errors.add("client_name is required: a non-empty string");
        }
        String appType = "regular_web";
        Object type = doc.getValue("application_type");
        if ("native".equals(type)) {
            appType = "native";
        } else if (type != null && !"web".equals(type)) {
            errors.add("application_type must be native or web, not " + type);
        }
        mapped.put("app_type", appType);
        List<String> grants = new ArrayList<>();
        if (doc.getValue("grant_types") instanceof JsonArray list) {
            for (Object grant : list) {
                if (SUPPORTED_GRANTS.contains(grant)) {
                    grants.add((String) grant);
                } else {
                    warnings.add("Grant type not supported: '" + grant + "'");
                }
            }
            if (grants.isEmpty()) {
                errors.add("grant_types must include authorization_code or refresh_token");
            }
        } else {
            errors.add("grant_types is required: an array including authorization_code or refresh_token");
        }
        mapped.put("grant_types", new JsonArray(grants));
        boolean codeFlow = doc.getValue("grant_types") instanceof JsonArray list
                && (list.contains("authorization_code") || list.contains("implicit"));
        Object uris = doc.getValue("redirect_uris");
        if (uris instanceof JsonArray list && !list.isEmpty()) {
            Set<String> unique = new LinkedHashSet<>();
            for (Object uri : list) {
                String problem = redirectUriProblem(uri, "native".equals(appType));
                if (problem != null) {
                    errors.add(problem);
                } else if (!unique.add((String) uri)) {
                    errors.add("redirect_uris must be unique: " + uri + " is listed twice");
                }
            }
            mapped.put("redirect_uris", new JsonArray(List.copyOf(unique)));
        } else if (codeFlow || uris != null) {
            errors.add("redirect_uris is required (a non-empty array) when grant_types includes authorization_code");
        }
        Object method = doc.getValue("token_endpoint_auth_method", "none");
        if ("none".equals(method)) {
            mapped.put("token_endpoint_auth_method", "none");
        } else if ("private_key_jwt".equals(method)) {
            mapped.put("token_endpoint_auth_method", "private_key_jwt");
            if (!(doc.getValue("jwks_uri") instanceof String)) {
                errors.add("jwks_uri is required with token_endpoint_auth_method private_key_jwt");
            }
        } else {
            errors.add("token_endpoint_auth_method must be none or private_key_jwt; shared-secret methods such as "
                    + method + " are not allowed for CIMD clients");
        }
        if (doc.containsKey("jwks")) {
            errors.add("invalid_client_metadata: an inline jwks is not supported, use jwks_uri");
        }
        if (doc.getValue("jwks_uri") != null) {
            if (!(doc.getValue("jwks_uri") instanceof String jwks) || !sameOrigin(jwks, url)) {
                errors.add("jwks_uri must be an https URL on the same origin (scheme, host and port) as the CIMD URL");
            } else {
                mapped.put("jwks_uri", jwks);
            }
        }
        if (doc.getValue("logo_uri") != null) {
            if (doc.getValue("logo_uri") instanceof String logo && httpUrl(logo)) {
                mapped.put("logo_uri", logo);
            } else {
                errors.add("logo_uri must be a valid http or https URL");
            }
        }
        if (doc.getValue("description") != null) {
            if (doc.getValue("description") instanceof String d && d.length() <= MAX_DESCRIPTION) {
                mapped.put("description", d);
            } else {
                errors.add("description must be text of at most " + MAX_DESCRIPTION + " characters");
            }
        }
        if (doc.getValue("scope") instanceof String scope) {
            mapped.put("scope", scope);
        }
        if (doc.getValue("response_types") instanceof JsonArray responses && responses.contains("code")
                && !grants.contains("authorization_code")) {
            warnings.add("response_types contains 'code' but grant_types does not include authorization_code");
        }
        return new Checked(mapped, warnings, errors);
    }

    private static String redirectUriProblem(Object value, boolean nativeApp) {
        return value instanceof String uri ? RedirectUris.clientProblem(uri, nativeApp)
                : "redirect_uris must hold strings";
    }

    private static boolean sameOrigin(String a, String b) {
        try {
            URI x = new URI(a);
            URI y = new URI(b);
            return "https".equalsIgnoreCase(x.getScheme()) && "https".equalsIgnoreCase(y.getScheme())
                    && x.getHost() != null && x.getHost().equalsIgnoreCase(y.getHost()) && x.getPort() == y.getPort();
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static boolean httpUrl(String s) {
        try {
            URI uri = new URI(s);
            return ("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme()))
                    && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** GETs the document: no redirects, at most 5 KB, a JSON object, within 10 s. */
    Future<JsonObject> fetch(Vertx vertx, String url) {
        URI uri = URI.create(url);
        int port = uri.getPort() < 0 ? 443 : uri.getPort();
        Optional<Host> mapped = Optional.ofNullable(hosts.get(uri.getHost().toLowerCase(Locale.ROOT)));
        HttpClientOptions options = new HttpClientOptions().setSsl(true).setVerifyHost(true).setForceSni(true)
                .setConnectTimeout((int) FETCH_TIMEOUT_MS);
        mapped.filter(h -> h.certificate() != null).ifPresent(h -> options.setTrustOptions(new PemTrustOptions()
                .addCertValue(Buffer.buffer(h.certificate()))));
        HttpClient client = vertx.createHttpClient(options);
        RequestOptions request = new RequestOptions().setMethod(HttpMethod.GET).setHost(uri.getHost()).setPort(port)
                .setURI(uri.getRawPath()).setSsl(true).setFollowRedirects(false).setTimeout(FETCH_TIMEOUT_MS)
                .putHeader("Accept", "application/json");
        mapped.ifPresent(h -> request.setServer(SocketAddress.inetSocketAddress(h.port(), h.address())));
        Promise<JsonObject> result = Promise.promise();
        client.request(request).compose(req -> req.send()).onComplete(sent -> {
            if (sent.failed()) {
                result.tryFail("the CIMD could not be fetched from " + url + ": " + sent.cause().getMessage());
                return;
            }
            var response = sent.result();
            if (response.statusCode() >= 300 && response.statusCode() < 400) {
                result.tryFail("the CIMD URL answered a redirect (" + response.statusCode() + "); redirects are"
                        + " not followed");
                return;
            }
            if (response.statusCode() != 200) {
                result.tryFail("the CIMD URL answered HTTP " + response.statusCode());
                return;
            }
            Buffer body = Buffer.buffer();
            response.handler(chunk -> {
                body.appendBuffer(chunk);
                if (body.length() > MAX_DOCUMENT_BYTES) {
                    result.tryFail("the CIMD is larger than 5 KB");
                    response.request().reset();
                }
            });
            response.exceptionHandler(e -> result.tryFail("the CIMD could not be read: " + e.getMessage()));
            response.endHandler(v -> {
                try {
                    Object parsed = body.toJson();
                    if (parsed instanceof JsonObject doc) {
                        result.tryComplete(doc);
                    } else {
                        result.tryFail("the CIMD is not a JSON object");
                    }
                } catch (DecodeException e) {
                    result.tryFail("the CIMD is not JSON: " + e.getMessage());
                }
            });
        });
        return result.future().eventually(() -> client.close());
    }
}
