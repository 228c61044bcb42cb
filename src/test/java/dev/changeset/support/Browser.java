package dev.changeset.support;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A person's browser for tests of pages: keeps cookies per host, follows nothing by itself (each redirect is a step
 * a test can look at), submits forms as a browser does.
 */
public final class Browser {

    private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();

    /** GET, resolving a relative {@code url} against {@code base} (a Location header may be either). */
    public HttpResponse<String> get(URI base, String url) {
        return send(HttpRequest.newBuilder(base.resolve(url)).GET());
    }

    public HttpResponse<String> get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET());
    }

    /** POSTs a form; a key may repeat through a list value (checkboxes). */
    public HttpResponse<String> postForm(URI base, String url, Map<String, List<String>> form) {
        String body = form.entrySet().stream().flatMap(e -> e.getValue().stream().map(v -> enc(e.getKey()) + "="
                + enc(v))).collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(base.resolve(url)).header("Content-Type",
                "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** Where a redirect answer sends the browser, resolved against the request's URI. */
    public static URI location(HttpResponse<String> response) {
        String location = response.headers().firstValue("Location")
                .orElseThrow(() -> new AssertionError("no redirect: " + response.statusCode() + " " + response.body()));
        return response.uri().resolve(location);
    }

    /** The value of query parameter {@code name} in {@code uri}, decoded, or null. */
    public static String query(URI uri, String name) {
        String q = uri.getRawQuery();
        if (q == null) {
            return null;
        }
        for (String pair : q.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
