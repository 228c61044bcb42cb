package dev.changeset.vault;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Token Vault settings. The tenant is {@code changeset.identity.issuer}; the client is Auth0's "Custom API
 * Client" linked to this server's API ({@code app_type: resource_server}) with the Token Vault grant enabled.
 */
@ConfigMapping(prefix = "changeset.vault")
public interface VaultConfig {

    /** Client id of the Custom API Client. */
    String clientId();

    /** Client secret of the Custom API Client. */
    String clientSecret();

    /** The Auth0 connection whose tokens are asked for. */
    @WithDefault("google-oauth2")
    String connection();

    /** Where users connect (or reconnect) Google; named in the messages that ask them to. */
    Optional<URI> connectUrl();

    /** A cached Google token is used until this long before it expires. */
    @WithDefault("60S")
    Duration cacheSkew();

    /** At most this many users' tokens are cached. */
    @WithDefault("10000")
    int cacheSize();

    /** How long to wait for a connection to Auth0. */
    @WithDefault("5S")
    Duration connectTimeout();

    /** How long to wait for Auth0's answer. */
    @WithDefault("10S")
    Duration readTimeout();
}
