package dev.changeset.approval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class ApprovalConfigCheckTest {

    static List<String> problems(Map<String, Object> overrides) {
        return ApprovalConfigCheck.problems(TestConfigs.approvalDefaults(overrides));
    }

    @Test
    void the_sandbox_settings_are_sound() {
        assertEquals(List.of(), problems(Map.of()));
    }

    @Test
    void a_requested_expiry_over_300_s_is_refused_because_auth0_would_email_instead() {
        List<String> problems = problems(Map.of("requestedExpiry", Duration.ofSeconds(301)));
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("between 1 and 300 s"), problems.get(0));
    }

    @Test
    void each_unsound_setting_is_named() {
        assertTrue(problems(Map.of("scope", "profile email")).get(0).contains("openid"));
        assertTrue(problems(Map.of("hardDeadline", Duration.ofSeconds(200))).stream()
                .anyMatch(p -> p.contains("hard-deadline")));
        assertTrue(problems(Map.of("defaultWait", Duration.ofSeconds(300))).get(0).contains("default-wait"));
        assertTrue(problems(Map.of("clientId", " ")).get(0).contains("client-id"));
        assertTrue(problems(Map.of("secondApprovers", Optional.of(List.of("auth0|dave", "dave smith"))))
                .get(0).contains("dave smith"));
        assertTrue(problems(Map.of("noEnrollmentPattern", "(")).get(0).contains("no-enrollment-pattern"));
    }

    @Test
    void a_max_wait_over_230_s_is_refused_because_claude_desktop_cuts_calls_at_four_minutes() {
        assertEquals(List.of(), problems(Map.of("maxWait", Duration.ofSeconds(230))));
        List<String> problems = problems(Map.of("maxWait", Duration.ofSeconds(231)));
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("max-wait is 231 s: it must be at most 230 s"), problems.get(0));
    }
}
