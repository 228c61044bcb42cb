package dev.changeset.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A person in a browser at the sandbox tenant's login: opens an authorization URL, picks a demo user on the login
 * page, reads the consent page and accepts or declines, and stops at what comes back: a redirect to the client (with
 * {@code code} or {@code error}) or an error page. Plain HTTP, no redirects followed automatically, so each step's
 * answer can be checked.
 */
public final class SandboxLogin {

    private static final Pattern DATA_ERROR = Pattern.compile("data-error=\"([^\"]*)\"");

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    /**
     * Where the flow ended: {@code status} and {@code location} of the last answer, the consent page as shown (empty
     * for a first-party application, which skips it), and the last page's HTML.
     */
    public record Outcome(int status, String location, String consentPage, String page) {

        /** The query parameters of the redirect to the client (empty when the flow ended on a page). */
        public Map<String, String> redirectParams() {
            Map<String, String> params = new LinkedHashMap<>();
            if (location == null || !location.contains("?")) {
                return params;
            }
            for (String pair : location.substring(location.indexOf('?') + 1).split("&")) {
                int eq = pair.indexOf('=');
                params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
            return params;
        }

        /** The OAuth error code an error page shows ({@code data-error}), if the flow ended on one. */
        public Optional<String> pageError() {
            Matcher m = DATA_ERROR.matcher(page == null ? "" : page);
            return m.find() ? Optional.of(m.group(1)) : Optional.empty();
        }
    }

    /** Opens {@code authorizationUrl}, logs in as {@code user}, then accepts ({@code true}) or declines. */
    public Outcome logIn(String authorizationUrl, String user, boolean accept) {
        HttpResponse<String> answer = get(authorizationUrl);
        if (answer.statusCode() != 302 || !location(answer).contains("/u/login?")) {
            return outcome(answer, "");
        }
        URI login = URI.create(authorizationUrl).resolve(location(answer));
        String state = login.getQuery().substring("state=".length());
        HttpResponse<String> page = get(login.toString());
        if (page.statusCode() != 200) {
            return outcome(page, "");
        }
        answer = post(login.resolve("/u/login"), Map.of("state", state, "user", user));
        if (answer.statusCode() != 302 || !location(answer).startsWith("/u/consent?")) {
            return outcome(answer, "");
        }
        HttpResponse<String> consent = get(login.resolve(location(answer)).toString());
        if (consent.statusCode() != 200) {
            return outcome(consent, "");
        }
        answer = post(login.resolve("/u/consent"), Map.of("state", state, "decision", accept ? "accept" : "decline"));
        return outcome(answer, consent.body());
    }

    private static Outcome outcome(HttpResponse<String> answer, String consentPage) {
        return new Outcome(answer.statusCode(), answer.headers().firstValue("Location").orElse(null), consentPage,
                answer.body());
    }

    private static String location(HttpResponse<String> answer) {
        return answer.headers().firstValue("Location").orElse("");
    }

    private HttpResponse<String> get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET().build());
    }

    private HttpResponse<String> post(URI url, Map<String, String> form) {
        StringBuilder body = new StringBuilder();
        form.forEach((k, v) -> body.append(body.isEmpty() ? "" : "&").append(URLEncoder.encode(k, StandardCharsets.UTF_8))
                .append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return send(HttpRequest.newBuilder(url).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build());
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
