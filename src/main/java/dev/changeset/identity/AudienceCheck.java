package dev.changeset.identity;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.changeset.ChangesetConfig;
import io.quarkus.runtime.StartupEvent;

/**
 * Refuses to start when the audience tokens are checked for is not the resource this server advertises. MCP clients
 * send the RFC 9728 metadata's {@code resource} as the RFC 8707 {@code resource} parameter, and Auth0's Resource
 * Parameter Compatibility Profile makes it the token's audience; a server checking for anything else would refuse
 * every token a spec-following client gets, and one checking for several would take tokens meant for another API.
 */
@ApplicationScoped
class AudienceCheck {

    void check(@Observes StartupEvent event, ChangesetConfig config, ProtectedResource resource,
            @ConfigProperty(name = "quarkus.oidc.token.audience") Optional<List<String>> checkedAudiences) {
        List<String> problems = problems(config.identity().apiAudience(), resource.resource(),
                checkedAudiences.orElse(List.of()));
        if (!problems.isEmpty()) {
            throw new IllegalStateException(String.join("; ", problems));
        }
    }

    /** Every mismatch, in words that name both values and the setting to change; empty when they agree. */
    static List<String> problems(String apiAudience, String advertisedResource, List<String> checkedAudiences) {
        List<String> problems = new ArrayList<>();
        if (!apiAudience.equals(advertisedResource)) {
            problems.add("changeset.identity.api-audience (CHANGESET_API_AUDIENCE) is '" + apiAudience
                    + "' but this server advertises the resource '" + advertisedResource + "' (CHANGESET_PUBLIC_URL"
                    + " plus /mcp), which MCP clients ask Auth0 for: name the Auth0 API '" + advertisedResource
                    + "' and leave CHANGESET_API_AUDIENCE unset (it defaults to the resource), or fix"
                    + " CHANGESET_PUBLIC_URL");
        }
        if (!checkedAudiences.equals(List.of(apiAudience))) {
            problems.add("quarkus.oidc.token.audience is " + checkedAudiences + " but must be exactly ["
                    + apiAudience + "]: leave it to application.properties");
        }
        return problems;
    }
}
