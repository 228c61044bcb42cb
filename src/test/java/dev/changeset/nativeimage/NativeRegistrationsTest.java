package dev.changeset.nativeimage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The native image reaches Google API model classes and auth0-java's Jackson models by reflection, and only what
 * {@link GoogleApiReflection} and {@link Auth0Reflection} list is there. These tests read the production bytecode
 * (target/classes without the sandbox) and fail, naming the classes, when it uses a library path whose reflective
 * types are not listed. That the lists reach native-image is checked by .ci/check-native-sources.
 */
class NativeRegistrationsTest {

    private static final Path PRODUCTION_CLASSES = Path.of("target", "classes");

    @Test
    void everyClassProductionCodeReachesByReflectionIsRegistered() throws IOException {
        ReflectionClosure.References refs = ReflectionClosure.scan(PRODUCTION_CLASSES,
                file -> !PRODUCTION_CLASSES.relativize(file).startsWith(Path.of("dev", "changeset", "sandbox")));
        assertTrue(refs.classes().contains(GoogleApiReflection.class.getName()), "the scan read target/classes");

        Set<String> missing = missing(ReflectionClosure.closure(ReflectionClosure.roots(refs)));

        assertEquals(Set.of(), missing, "production code reaches these classes by reflection in the native image: "
                + "add them, with a reason, to GoogleApiReflection or Auth0Reflection");
    }

    @Test
    void theRegistrationsAreClosedUnderTheLibrariesReflection() {
        Set<String> missing = missing(ReflectionClosure.closure(registered()));

        assertEquals(Set.of(), missing, "reached from a registered class (a @Key field, a superclass, an answer or "
                + "content type, a deserializer): register these too");
    }

    @Test
    void anUnregisteredLibraryCallIsCaught() throws IOException {
        Path testClasses = Path.of("target", "test-classes");
        ReflectionClosure.References refs = ReflectionClosure.scan(testClasses,
                file -> file.getFileName().toString().equals("UnregisteredCalls.class"));

        Set<String> missing = missing(ReflectionClosure.closure(ReflectionClosure.roots(refs)));

        assertTrue(missing.containsAll(Set.of(
                "com.google.api.services.sheets.v4.Sheets$Spreadsheets$Get", // the request itself
                "com.google.api.services.sheets.v4.model.Spreadsheet", // its answer
                "com.google.api.services.sheets.v4.model.GridData", // deep in the answer's @Key fields
                "com.auth0.client.auth.AuthAPI$5", // the TypeReference userInfo creates
                "com.auth0.json.auth.UserInfo")), // its target
                "the check names what an unregistered call needs, found: " + missing);
        assertTrue(!missing.contains("com.google.api.services.sheets.v4.model.ValueRange"),
                "registered classes are not reported");
    }

    private static Set<String> missing(Set<String> required) {
        Set<String> missing = new TreeSet<>(required);
        missing.removeAll(registered());
        return missing;
    }

    static Set<String> registered() {
        Set<String> names = new TreeSet<>();
        for (Class<?> holder : new Class<?>[] { GoogleApiReflection.class, Auth0Reflection.class }) {
            RegisterForReflection registration = holder.getAnnotation(RegisterForReflection.class);
            Stream.of(registration.targets()).map(Class::getName).forEach(names::add);
            names.addAll(Set.of(registration.classNames()));
        }
        return names;
    }
}
