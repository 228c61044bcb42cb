package dev.changeset.sandbox;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Auth0's checks of RAR {@code authorization_details} (Configure Rich Authorization Requests): a JSON array of
 * objects whose {@code type} is registered on the API, at most 5 KB, 5 entries, 255 characters per property name
 * and value, names of {@code a-zA-Z0-9_.-}, 5 levels of nesting, and 10 properties per object except inside the
 * Auth0 schema's {@code properties}. For the Guardian push the array holds exactly one object of the Auth0 schema
 * ({@code urn:auth0:schemas:authorization-details:v1:*} with an {@code instruction} and {@code properties}).
 */
final class SandboxRar {

    static final String AUTH0_SCHEMA = "urn:auth0:schemas:authorization-details:v1:";
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_.\\-]{1,255}");

    /** The parsed array, or the reason Auth0 would give for refusing it (as an {@code invalid_request}). */
    record Checked(JsonArray details, String problem) {
        static Checked refused(String problem) {
            return new Checked(null, problem);
        }
    }

    private SandboxRar() {
    }

    static Checked check(String json, Set<String> registeredTypes, boolean guardianPush) {
        if (json.getBytes(StandardCharsets.UTF_8).length > 5 * 1024) {
            return Checked.refused("authorization_details exceeds 5Kb");
        }
        JsonArray array;
        try {
            Object parsed = Json.decodeValue(json);
            if (!(parsed instanceof JsonArray a)) {
                return Checked.refused("authorization_details must be a JSON array of objects");
            }
            array = a;
        } catch (DecodeException e) {
            return Checked.refused("authorization_details is not valid JSON");
        }
        if (array.isEmpty() || array.size() > 5) {
            return Checked.refused("authorization_details must hold 1 to 5 objects");
        }
        if (guardianPush && array.size() != 1) {
            return Checked.refused("authorization_details for a push notification must hold exactly one object");
        }
        for (Object item : array) {
            if (!(item instanceof JsonObject detail)) {
                return Checked.refused("authorization_details must be a JSON array of objects");
            }
            String type = detail.getValue("type") instanceof String t ? t : null;
            if (type == null || !registeredTypes.contains(type)) {
                return Checked.refused("authorization_details type '" + type + "' is not registered on the API");
            }
            boolean auth0Schema = type.startsWith(AUTH0_SCHEMA);
            if (guardianPush && !auth0Schema) {
                return Checked.refused("authorization_details for a push notification must use the Auth0 schema ("
                        + AUTH0_SCHEMA + "...)");
            }
            if (auth0Schema) {
                Optional<String> problem = auth0SchemaProblem(detail);
                if (problem.isPresent()) {
                    return Checked.refused(problem.get());
                }
            }
            Optional<String> problem = shapeProblem(detail, 1, auth0Schema);
            if (problem.isPresent()) {
                return Checked.refused(problem.get());
            }
        }
        return new Checked(array, null);
    }

    private static Optional<String> auth0SchemaProblem(JsonObject detail) {
        if (!(detail.getValue("instruction") instanceof String)) {
            return Optional.of("authorization_details of the Auth0 schema need an instruction");
        }
        if (!(detail.getValue("properties") instanceof JsonObject properties)) {
            return Optional.of("authorization_details of the Auth0 schema need properties");
        }
        for (Map.Entry<String, Object> property : properties) {
            if (!(property.getValue() instanceof JsonObject p) || !p.containsKey("value")) {
                return Optional.of("property '" + property.getKey() + "' needs a value");
            }
            if (p.containsKey("display") && !(p.getValue("display") instanceof Boolean)) {
                return Optional.of("property '" + property.getKey() + "' has a display that is not a boolean");
            }
        }
        return Optional.empty();
    }

    private static Optional<String> shapeProblem(Object value, int depth, boolean propertiesUncapped) {
        if (depth > 5) {
            return Optional.of("authorization_details nest more than 5 levels of objects");
        }
        if (value instanceof String s && s.length() > 255) {
            return Optional.of("an authorization_details value is longer than 255 characters");
        }
        if (value instanceof JsonArray array) {
            for (Object item : array) {
                Optional<String> problem = shapeProblem(item, depth, false);
                if (problem.isPresent()) {
                    return problem;
                }
            }
        }
        if (value instanceof JsonObject object) {
            if (object.size() > 10 && !propertiesUncapped) {
                return Optional.of("an authorization_details object has more than 10 properties");
            }
            for (Map.Entry<String, Object> member : object) {
                if (!NAME.matcher(member.getKey()).matches()) {
                    return Optional.of("authorization_details property name '" + member.getKey()
                            + "' is not 1 to 255 characters of a-zA-Z0-9_.-");
                }
                boolean uncapped = propertiesUncapped && depth == 1 && member.getKey().equals("properties");
                Optional<String> problem = shapeProblem(member.getValue(), depth + 1, uncapped);
                if (problem.isPresent()) {
                    return problem;
                }
            }
        }
        return Optional.empty();
    }
}
