package dev.changeset.proof;

import java.util.HashMap;
import java.util.Map;

import dev.changeset.support.PostgresProfile;

/** {@link FaultProfile}'s short clocks on PostgreSQL, the database production runs on. */
public class FaultPostgresProfile extends PostgresProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
        overrides.putAll(FaultProfile.OVERRIDES);
        return overrides;
    }
}
