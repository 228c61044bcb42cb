package dev.changeset.sandbox;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Callback URLs as Auth0 takes them from third-party applications: absolute, exact (no wildcards:
 * security-controls.mdx, "Features not supported"), no fragment (RFC 6749 section 3.1.2), and matched character for
 * character at {@code /authorize}; and how the answer is appended to one.
 */
final class RedirectUris {

    private RedirectUris() {
    }

    /** Why {@code uri} cannot be a callback URL, or null when it can. */
    static String problem(String uri) {
        if (uri == null || uri.isBlank()) {
            return "a redirect URI is empty";
        }
        if (uri.contains("*")) {
            return "wildcards are not supported in callback URLs: " + uri;
        }
        try {
            URI parsed = new URI(uri);
            if (!parsed.isAbsolute() || parsed.getFragment() != null) {
                return "a redirect URI must be absolute and have no fragment: " + uri;
            }
        } catch (URISyntaxException e) {
            return "not a URI: " + uri;
        }
        return null;
    }

    /** {@code base} with {@code params} appended to its query (null values left out). */
    static String append(String base, Map<String, String> params) {
        String query = params.entrySet().stream().filter(e -> e.getValue() != null)
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return base + (base.contains("?") ? "&" : "?") + query;
    }
}
