/**
 * What the native image needs beyond Quarkus' own registration, one annotated class per library, one reason per
 * entry. Quarkus turns these {@code @RegisterForReflection} annotations into the native-image reflection
 * configuration it generates ({@code META-INF/native-image/reflect-config.json} in the runner jar of
 * {@code target/native-sources}); resources are listed in {@code quarkus.native.resources.includes}
 * (application.properties). {@code NativeRegistrationsTest} checks that every class our production code reaches
 * by reflection is listed; {@code .ci/check-native-sources} checks that the lists reach native-image.
 * native/README.md explains the whole and how to smoke-test a real native build.
 */
package dev.changeset.nativeimage;
