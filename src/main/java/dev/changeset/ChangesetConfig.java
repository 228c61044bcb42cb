package dev.changeset;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Every setting of the server, in one typed tree. Real endpoints are set only under {@code %prod.}
 * (see application.properties); dev and test point at the sandbox.
 */
@ConfigMapping(prefix = "changeset")
public interface ChangesetConfig {

    /** The public base URL of this server as MCP clients reach it, without a trailing slash. */
    URI publicUrl();

    Identity identity();

    interface Identity {
        /**
         * This server's API identifier in Auth0, the audience every access token must carry: the MCP resource this
         * server advertises (public-url plus {@code /mcp}), and the server does not start with another. MCP clients
         * send the resource as {@code resource} (RFC 8707) and Auth0's Resource Parameter Compatibility Profile makes
         * it the token's audience.
         */
        String apiAudience();

        /** The Auth0 tenant's issuer, with its trailing slash ({@code https://tenant.auth0.com/}). */
        URI issuer();

        /** The claim that holds the user's email address in Auth0 access tokens (often a namespaced claim). */
        @WithDefault("email")
        String emailClaim();

        /**
         * Host names this server answers to (DNS rebinding protection). The host of {@code public-url} is always
         * allowed.
         */
        @WithDefault("localhost,127.0.0.1,[::1]")
        List<String> allowedHosts();

        /** How long an MCP session's owner and start time are remembered after its last request. */
        @WithDefault("30M")
        Duration sessionIdleTimeout();

        /**
         * How many MCP sessions one subject may hold at once. Opening one more ends that subject's oldest session
         * (it answers 404 from then on, as MCP says for a session that no longer exists), so a client that leaks
         * sessions keeps working and one user cannot fill the session store.
         */
        @WithDefault("32")
        int maxSessionsPerUser();

        /**
         * How many MCP sessions the server remembers in all. Past it the least recently used session is ended
         * (404 from then on), never kept without an owner.
         */
        @WithDefault("100000")
        long maxSessions();

        /** How long a successful check of the identity provider's keys is trusted by readiness. */
        @WithDefault("10S")
        Duration keysCheckTtl();

        /**
         * How long a bearer token quarkus-oidc has verified is remembered, so later requests with the same token skip
         * the signature check; never past the token's {@code exp}. Bounds how long a token signed with a key since
         * withdrawn from the issuer's JWKS keeps working. Zero turns the cache off.
         */
        @WithDefault("60S")
        Duration verifiedTokenTtl();

        /** How many verified bearer tokens are remembered at most (a few KiB each). */
        @WithDefault("10000")
        long verifiedTokensMax();
    }
}
