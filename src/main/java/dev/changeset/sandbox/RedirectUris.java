package dev.changeset.sandbox;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Callback URLs as Auth0 takes them from third-party applications: absolute, exact (no wildcards:
 * security-controls.mdx, "Features not supported"), no fragment (RFC 6749 section 3.1.2), and matched character for
 * character at {@code /authorize}; and how the answer is appended to one.
 *
 * <p>
 * The applications MCP clients register themselves (DCR and CIMD, {@link #clientProblem}) are held to one more
 * rule: "All redirect URIs MUST be either localhost or use HTTPS" (MCP 2025-11-25, Authorization, "Communication
 * Security"; OAuth 2.1 section 7.12.2, "Open Redirection"), so {@code javascript:}, custom schemes and plain
 * {@code http} elsewhere than the loopback interface are refused. Auth0's DCR page
 * (main/docs/get-started/applications/dynamic-client-registration.mdx) publishes no rule of its own; its CIMD page
 * (register-applications-with-cimd.mdx, "CIMD document validation rules") has this one, http loopback for native
 * applications only.
 */
final class RedirectUris {

    /** The loopback host names (RFC 8252 section 7.3 and the MCP specification's "localhost"). */
    static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "::1", "[::1]");

    private RedirectUris() {
    }

    /** Whether {@code host} (as {@link URI#getHost()} gives it) is the loopback interface. */
    static boolean loopback(String host) {
        return host != null && LOOPBACK.contains(host.toLowerCase(Locale.ROOT));
    }

    /**
     * Why {@code uri} cannot be the callback URL of a client that registered itself, or null when it can: the
     * checks of {@link #problem}, then https, or http on the loopback interface when {@code loopbackHttp}.
     */
    static String clientProblem(String uri, boolean loopbackHttp) {
        String problem = problem(uri);
        if (problem != null) {
            return problem;
        }
        URI parsed = URI.create(uri);
        if ("https".equalsIgnoreCase(parsed.getScheme()) && parsed.getHost() != null) {
            return null;
        }
        if (loopbackHttp && "http".equalsIgnoreCase(parsed.getScheme()) && loopback(parsed.getHost())) {
            return null;
        }
        return loopbackHttp
                ? "redirect URIs must use https, or http on localhost (MCP 2025-11-25, Communication Security): " + uri
                : "redirect_uris must be https URIs (http only on a loopback address, for native applications): "
                        + uri;
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
