package dev.changeset.connect;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The "connect your Google account" page: an Auth0 application (Regular Web Application, authorization code with
 * PKCE, allowed to ask the My Account API for {@code create:me:connected_accounts}) that signs the person in before
 * Auth0's Connected Accounts flow links Google. Without a client id the server offers no connect links, and tool
 * errors name {@code changeset.vault.connect-url} as before.
 */
@ConfigMapping(prefix = "changeset.connect")
public interface ConnectConfig {

    /** Client id of the Auth0 application the connect page signs people in with; none turns connect links off. */
    Optional<String> clientId();

    /** That application's client secret (client_secret_post at the token endpoint). */
    Optional<String> clientSecret();

    /** How long a connect link an assistant was given stays usable (it is also single-use). */
    @WithDefault("10M")
    Duration linkValidity();

    /** How long a person may take between opening a link and coming back from Google. */
    @WithDefault("15M")
    Duration flowValidity();

    /**
     * The scopes asked of Google when connecting; by default {@code openid}, {@code profile} (the least Auth0's
     * Connected Accounts asks for Google) and each Google role's scope.
     */
    Optional<List<String>> googleScopes();

    /** Connect and read deadline of each call the connect page makes to Auth0. */
    @WithDefault("10S")
    Duration auth0Timeout();
}
