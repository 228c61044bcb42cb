package dev.changeset.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The start-up check that the audience tokens must carry is the resource this server advertises. */
class AudienceCheckTest {

    private static final String RESOURCE = "https://changeset.example.com/mcp";

    @Test
    void the_advertised_resource_as_audience_passes() {
        assertEquals(List.of(), AudienceCheck.problems(RESOURCE, RESOURCE, List.of(RESOURCE)));
    }

    @Test
    void an_audience_other_than_the_resource_is_refused_naming_both() {
        List<String> problems = AudienceCheck.problems("https://changeset.example.com/api", RESOURCE,
                List.of("https://changeset.example.com/api"));
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("'https://changeset.example.com/api'"), problems.get(0));
        assertTrue(problems.get(0).contains("'" + RESOURCE + "'"), problems.get(0));
        assertTrue(problems.get(0).contains("CHANGESET_API_AUDIENCE"), problems.get(0));
    }

    @Test
    void a_trailing_slash_on_the_public_url_shows_as_a_mismatch() {
        // public-url "https://changeset.example.com/" gives the default audience "https://changeset.example.com//mcp"
        assertEquals(1, AudienceCheck.problems("https://changeset.example.com//mcp", RESOURCE,
                List.of("https://changeset.example.com//mcp")).size());
    }

    @Test
    void quarkus_oidc_checking_another_or_a_second_audience_is_refused() {
        assertTrue(AudienceCheck.problems(RESOURCE, RESOURCE, List.of(RESOURCE, "https://other.example/api")).get(0)
                .contains("quarkus.oidc.token.audience"));
        assertTrue(AudienceCheck.problems(RESOURCE, RESOURCE, List.of()).get(0)
                .contains("quarkus.oidc.token.audience"));
    }
}
