package dev.changeset.telemetry;

import jakarta.enterprise.context.ApplicationScoped;

import com.google.api.client.http.HttpRequest;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counts every HTTP exchange with a Google API as {@code changeset.google.calls{method, status}}: {@code method} is
 * the API method the URL names ({@code sheets.values.batchGet}, {@code sheets.values.batchUpdate},
 * {@code gmail.messages.send}, ...), {@code status} the HTTP status, or {@code io_error} when no answer came. Each
 * attempt of a retried call counts, so 429 and 5xx show as Google sent them. Set on a request by the client's
 * request initializer, the one place every Sheets and Gmail request passes.
 */
@ApplicationScoped
public class GoogleApiMeter {

    static final String CALLS = "changeset.google.calls";

    private final MeterRegistry meters;

    GoogleApiMeter(MeterRegistry meters) {
        this.meters = meters;
    }

    /** Call from the client's {@code HttpRequestInitializer}: counts this request's answer or its I/O failure. */
    public void watch(HttpRequest request) {
        // the HTTP method is set after the initializer runs: read the request when it is answered
        request.setResponseInterceptor(response -> count(response.getRequest(),
                Integer.toString(response.getStatusCode())));
        request.setIOExceptionHandler((failed, retrySupported) -> {
            count(failed, "io_error");
            return false; // count only: retries are decided by the caller (catalog's bounded retries)
        });
    }

    private void count(HttpRequest request, String status) {
        String method = method(request.getRequestMethod(), request.getUrl().getRawPath());
        meters.counter(CALLS, "method", method, "status", status).increment();
    }

    /** The API method a request path names; a fixed, small set of values (never the spreadsheet id or range). */
    static String method(String httpMethod, String path) {
        String p = path == null ? "" : path;
        if (p.endsWith("/messages/send")) {
            return "gmail.messages.send";
        }
        int values = p.indexOf("/values");
        if (p.contains("/spreadsheets/") && values >= 0) {
            String rest = p.substring(values + "/values".length());
            if (rest.startsWith(":")) {
                return "sheets.values." + known(rest.substring(1));
            }
            int colon = rest.lastIndexOf(':');
            if (colon > 0 && rest.substring(colon + 1).matches("append|clear")) {
                return "sheets.values." + rest.substring(colon + 1);
            }
            return "GET".equals(httpMethod) ? "sheets.values.get" : "sheets.values.update";
        }
        if (p.matches(".*/spreadsheets/[^/]+")) {
            return "sheets.spreadsheets.get";
        }
        return "other";
    }

    private static String known(String verb) {
        return verb.matches("batchGet|batchUpdate|batchClear|batchGetByDataFilter|batchUpdateByDataFilter") ? verb
                : "other";
    }
}
