package dev.changeset.proof;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** Turns on {@link UngatedMcpRoute}: a way to the tools that bypasses the door. */
public class SecondLockProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("door-test.ungated-route", "true");
    }
}
