package dev.changeset.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

class McpConfigCheckTest {

    static List<String> problems(Duration every) {
        return McpConfigCheck.problems(() -> every);
    }

    @Test
    void one_to_five_seconds_between_progress_notifications_is_sound() {
        assertEquals(List.of(), problems(Duration.ofSeconds(4)));
        assertEquals(List.of(), problems(Duration.ofSeconds(5)));
        assertEquals(List.of(), problems(Duration.ofSeconds(1)));
    }

    @Test
    void more_than_five_seconds_is_refused_since_the_inspector_gives_up_after_ten() {
        List<String> problems = problems(Duration.ofMillis(5001));
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("progress-every is 5001 ms: it must be 1 to 5 s"), problems.get(0));
        assertEquals(1, problems(Duration.ofSeconds(15)).size());
        assertEquals(1, problems(Duration.ZERO).size());
    }
}
