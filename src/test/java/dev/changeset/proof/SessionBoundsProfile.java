package dev.changeset.proof;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** A small per-user session cap, so {@link SessionBoundsAttackTest} reaches it in a few requests. */
public class SessionBoundsProfile implements QuarkusTestProfile {

    static final int CAP = 5;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("changeset.identity.max-sessions-per-user", String.valueOf(CAP));
    }
}
