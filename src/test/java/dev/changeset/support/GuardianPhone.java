package dev.changeset.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A person with the sandbox's Guardian page open in a browser: reads {@code GET /guardian/{user}} as HTML and taps
 * Approve by posting that request's form, exactly as the browser would (no JSON control route).
 */
public final class GuardianPhone {

    private static final Pattern BINDING = Pattern.compile("<h3 class=\"binding\">([^<]*)</h3>");
    private static final Pattern APPROVE = Pattern.compile("<form method=\"post\" action=\"([^\"]+/approve)\">");

    /** A pending request as the page shows it: its binding message, its Approve form's action, its HTML. */
    public record Shown(String binding, String approveAction, String html) {
    }

    /** What tapping Approve did: the page's answer (303 back to the list) and when the form was posted. */
    public record Tap(Shown shown, int status, String location, Instant at) {
    }

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String sandboxUrl;
    private final String user;

    public GuardianPhone(String sandboxUrl, String user) {
        this.sandboxUrl = sandboxUrl;
        this.user = user;
    }

    /** The pending request whose binding message names {@code code}, if the page lists one now. */
    public Optional<Shown> pending(String code) throws IOException, InterruptedException {
        String html = send(HttpRequest.newBuilder(URI.create(sandboxUrl + "/guardian/" + user)).GET()).body();
        for (String section : html.split("<section class=\"request\"")) {
            Matcher binding = BINDING.matcher(section);
            Matcher approve = APPROVE.matcher(section);
            if (binding.find() && binding.group(1).contains(code) && approve.find()) {
                return Optional.of(new Shown(binding.group(1), approve.group(1).replace("&amp;", "&"), section));
            }
        }
        return Optional.empty();
    }

    /**
     * Waits (until {@code deadline}) for the request naming {@code code} to show, then until {@code at}, and taps
     * Approve on the page as it stands then. Empty when the request never showed or was no longer pending.
     */
    public Optional<Tap> approveAt(String code, Instant at, Instant deadline) throws IOException, InterruptedException {
        Optional<Shown> shown = pending(code);
        while (shown.isEmpty() && Instant.now().isBefore(deadline)) {
            Thread.sleep(500);
            shown = pending(code);
        }
        if (shown.isEmpty()) {
            return Optional.empty();
        }
        Duration until = Duration.between(Instant.now(), at);
        if (!until.isNegative()) {
            Thread.sleep(until.toMillis());
        }
        Optional<Shown> now = pending(code);
        if (now.isEmpty()) {
            return Optional.empty();
        }
        Instant tapped = Instant.now(); // before the post: whatever answers after this was caused by the tap
        HttpResponse<String> answer = send(HttpRequest.newBuilder(URI.create(sandboxUrl + now.get().approveAction()))
                .POST(HttpRequest.BodyPublishers.noBody()));
        return Optional.of(new Tap(now.get(), answer.statusCode(),
                answer.headers().firstValue("Location").orElse(null), tapped));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
