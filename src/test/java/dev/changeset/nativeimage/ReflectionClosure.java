package dev.changeset.nativeimage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.commons.ClassRemapper;
import org.objectweb.asm.commons.Remapper;

/**
 * Works out which library classes a native image must reach by reflection for the Google API clients and
 * auth0-java, from what our bytecode refers to. The rules are the libraries' own mechanics: Google's
 * {@code ClassInfo} reads {@code @Key} fields of a {@code GenericData} class and its superclasses, a request
 * class parses into the type argument of its request superclass and serialises its constructor's content
 * argument; auth0-java's Jackson reads the fields of {@code com.auth0.json} classes, instantiates the
 * {@code @JsonDeserialize} deserializer and reads the generic superclass of the {@code TypeReference} created
 * in the library method we call. Written by hand: no library computes this closure.
 */
final class ReflectionClosure {

    private static final String GOOGLE = "com.google.";
    private static final String AUTH0 = "com.auth0.";
    private static final String AUTH0_JSON = "com.auth0.json.";
    private static final String GENERIC_DATA = "com.google.api.client.util.GenericData";
    private static final String GOOGLE_REQUEST = "com.google.api.client.googleapis.services.AbstractGoogleClientRequest";
    private static final String GOOGLE_KEY = "com.google.api.client.util.Key";
    private static final String GOOGLE_ERROR = "com.google.api.client.googleapis.json.GoogleJsonErrorContainer";
    private static final String TYPE_REFERENCE = "com/fasterxml/jackson/core/type/TypeReference";
    private static final String JSON_DESERIALIZE = "com.fasterxml.jackson.databind.annotation.JsonDeserialize";

    record MethodCall(String owner, String name, String descriptor) {
    }

    /** Class names (binary, dotted) and method calls found in the bytecode under a root. */
    record References(Set<String> classes, Set<MethodCall> calls) {
    }

    private ReflectionClosure() {
    }

    static References scan(Path root, Predicate<Path> include) throws IOException {
        Set<String> classes = new TreeSet<>();
        Set<MethodCall> calls = new HashSet<>();
        Remapper recorder = new Remapper() {
            @Override
            public String map(String internalName) {
                classes.add(internalName.replace('/', '.'));
                return internalName;
            }
        };
        ClassVisitor callRecorder = new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String desc, String sig, String[] ex) {
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitMethodInsn(int op, String owner, String mName, String mDesc, boolean itf) {
                        calls.add(new MethodCall(owner.replace('/', '.'), mName, mDesc));
                    }
                };
            }
        };
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).filter(include).toList()) {
                new ClassReader(Files.readAllBytes(file)).accept(new ClassRemapper(callRecorder, recorder), 0);
            }
        }
        return new References(classes, calls);
    }

    /** The classes that must be registered for what the references use, before the closure. */
    static Set<String> roots(References refs) {
        Set<String> roots = new TreeSet<>();
        for (String name : refs.classes()) {
            if (name.startsWith(GOOGLE) && isA(name, GENERIC_DATA) || name.startsWith(AUTH0_JSON)) {
                roots.add(name);
            }
            if (name.startsWith("com.google.api.services.")) {
                roots.add(GOOGLE_ERROR); // every non-2xx answer is parsed into it
            }
        }
        for (MethodCall call : refs.calls()) {
            if (call.owner().startsWith(AUTH0)) {
                roots.addAll(typeReferencesCreatedIn(call));
            }
        }
        return roots;
    }

    /** The roots plus everything reflection reaches from them under the rules above. */
    static Set<String> closure(Set<String> roots) {
        Set<String> seen = new TreeSet<>();
        Deque<String> todo = new ArrayDeque<>(roots);
        while (!todo.isEmpty()) {
            String name = todo.pop();
            if (!seen.add(name)) {
                continue;
            }
            Class<?> type = load(name);
            Set<Type> reached = new HashSet<>();
            for (Class<?> s = type.getSuperclass(); s != null && s != Object.class; s = s.getSuperclass()) {
                reached.add(s);
            }
            for (Field field : type.getDeclaredFields()) {
                if (name.startsWith(AUTH0) || hasAnnotation(field, GOOGLE_KEY)) {
                    reached.add(field.getGenericType());
                }
            }
            reached.add(type.getGenericSuperclass()); // a request's answer type, a TypeReference's target
            if (isA(name, GOOGLE_REQUEST)) {
                for (Constructor<?> constructor : type.getDeclaredConstructors()) {
                    reached.addAll(List.of(constructor.getGenericParameterTypes()));
                }
            }
            deserializerOf(type).ifPresent(reached::add);
            for (Type t : reached) {
                classesIn(t).stream().map(Class::getName)
                        .filter(n -> n.startsWith(GOOGLE) && isA(n, GENERIC_DATA) || n.startsWith(AUTH0_JSON))
                        .forEach(todo::push);
            }
        }
        return seen;
    }

    private static Set<String> typeReferencesCreatedIn(MethodCall call) {
        Set<String> created = new TreeSet<>();
        for (Class<?> owner = load(call.owner()); owner != null && owner.getName().startsWith(AUTH0);
                owner = owner.getSuperclass()) {
            ClassVisitor finder = new ClassVisitor(Opcodes.ASM9) {
                @Override
                public MethodVisitor visitMethod(int access, String name, String desc, String sig, String[] ex) {
                    if (!name.equals(call.name()) || !desc.equals(call.descriptor())) {
                        return null;
                    }
                    return new MethodVisitor(Opcodes.ASM9) {
                        @Override
                        public void visitTypeInsn(int opcode, String type) {
                            if (opcode == Opcodes.NEW && isA(type.replace('/', '.'), TYPE_REFERENCE.replace('/', '.'))) {
                                created.add(type.replace('/', '.'));
                            }
                        }
                    };
                }
            };
            new ClassReader(bytesOf(owner)).accept(finder, ClassReader.SKIP_DEBUG);
        }
        return created;
    }

    private static Optional<Class<?>> deserializerOf(Class<?> type) {
        for (Annotation annotation : type.getAnnotations()) {
            if (annotation.annotationType().getName().equals(JSON_DESERIALIZE)) {
                try {
                    return Optional.of((Class<?>) annotation.annotationType().getMethod("using")
                            .invoke(annotation));
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return Optional.empty();
    }

    private static Set<Class<?>> classesIn(Type type) {
        Set<Class<?>> out = new HashSet<>();
        if (type instanceof Class<?> c) {
            out.add(c.isArray() ? c.getComponentType() : c);
        } else if (type instanceof ParameterizedType p) {
            out.addAll(classesIn(p.getRawType()));
            for (Type argument : p.getActualTypeArguments()) {
                out.addAll(classesIn(argument));
            }
        } else if (type instanceof GenericArrayType a) {
            out.addAll(classesIn(a.getGenericComponentType()));
        } else if (type instanceof WildcardType w) {
            for (Type bound : w.getUpperBounds()) {
                out.addAll(classesIn(bound));
            }
        }
        return out;
    }

    private static boolean hasAnnotation(Field field, String annotation) {
        return Stream.of(field.getAnnotations()).anyMatch(a -> a.annotationType().getName().equals(annotation));
    }

    private static boolean isA(String name, String superName) {
        try {
            return Class.forName(superName, false, loader()).isAssignableFrom(load(name));
        } catch (ClassNotFoundException | LinkageError | IllegalStateException e) {
            return false; // a class we cannot load here cannot be registered either
        }
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, loader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("not on the class path: " + name, e);
        }
    }

    private static byte[] bytesOf(Class<?> type) {
        try (InputStream in = loader().getResourceAsStream(type.getName().replace('.', '/') + ".class")) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ClassLoader loader() {
        return ReflectionClosure.class.getClassLoader();
    }
}
