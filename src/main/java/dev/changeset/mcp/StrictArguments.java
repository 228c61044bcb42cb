package dev.changeset.mcp;

import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.type.TypeFactory;

import dev.changeset.pipeline.OperationInput;

import io.quarkiverse.mcp.server.ToolCallException;
import io.quarkiverse.mcp.server.ToolInputGuardrail;
import io.quarkiverse.mcp.server.ToolManager.ToolArgument;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Holds a tool's arguments to its input schema before anything runs: no argument the tool does not take, no member
 * an operation does not have, and every value of its declared JSON type. Left to themselves, quarkus-mcp-server and
 * Jackson drop unknown names unseen ({@code "user": "auth0|other"}, an operation's {@code "range"}), coerce
 * {@code 1} to {@code true}, {@code "68.99"} to a price and {@code 2.5} seconds to 2, and answer "unable to convert
 * value" without saying which operation or field. Here each problem names its place ("operations item 2 field
 * active: must be true or false, not a number").
 */
@ApplicationScoped
public class StrictArguments implements ToolInputGuardrail {

    private static final int MAX_PROBLEMS = 20;
    private static final Type OPERATIONS = TypeFactory.defaultInstance().constructCollectionType(List.class,
            OperationInput.class);

    /** What JSON a Java type takes: a record's {@code members} and {@code required} ones, a list's {@code element}. */
    private record Shape(Kind kind, Map<String, Shape> members, Set<String> required, Shape element) {
    }

    private enum Kind {
        STRING("a string"), BOOLEAN("true or false"), NUMBER("a number"), INTEGER("a whole number"),
        INT32("a whole number"), ARRAY("an array"), OBJECT("an object"), ANY("anything");

        final String description;

        Kind(String description) {
            this.description = description;
        }
    }

    private final ObjectMapper mapper;
    private final Map<Type, Shape> shapes = new ConcurrentHashMap<>();

    StrictArguments(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public void apply(ToolInputContext context) {
        JsonObject arguments = context.getArguments();
        if (arguments == null || arguments.isEmpty()) {
            return; // nothing given, nothing to refuse (the common get_session call)
        }
        List<ToolArgument> declared = context.getTool().arguments();
        TreeSet<String> names = new TreeSet<>();
        declared.forEach(a -> names.add(a.name()));
        List<String> problems = new ArrayList<>();
        for (String given : new TreeSet<>(arguments.fieldNames())) {
            if (!names.contains(given)) {
                problems.add("argument '" + printable(given) + "' is not one this tool takes ("
                        + (names.isEmpty() ? "it takes none" : String.join(", ", names)) + ")");
            }
        }
        for (ToolArgument argument : declared) {
            check(arguments.getValue(argument.name()), shape(declaredType(argument)), argument.name(), problems);
        }
        if (!problems.isEmpty()) {
            throw new ToolCallException(context.getTool().name() + ": " + String.join("; ", problems)
                    + ". Nothing was done.");
        }
    }

    private void check(Object value, Shape shape, String where, List<String> problems) {
        if (value == null || shape.kind() == Kind.ANY || problems.size() >= MAX_PROBLEMS) {
            return; // absent or null: required arguments are the framework's check, required fields the rules'
        }
        String wrong = wrongType(value, shape.kind());
        if (wrong != null) {
            problems.add(where + ": " + wrong);
        } else if (value instanceof JsonArray array && shape.element() != null) {
            for (int i = 0; i < array.size(); i++) {
                check(array.getValue(i), shape.element(), where + " item " + (i + 1), problems);
            }
        } else if (value instanceof JsonObject object && shape.members() != null) {
            for (String member : new TreeSet<>(shape.required())) {
                if (object.getValue(member) == null) {
                    problems.add(where + ": field '" + member + "' is missing");
                }
            }
            for (String member : new TreeSet<>(object.fieldNames())) {
                Shape field = shape.members().get(member);
                if (field == null) {
                    problems.add(where + ": field '" + printable(member) + "' is not one of "
                            + String.join(", ", new TreeSet<>(shape.members().keySet())));
                } else {
                    check(object.getValue(member), field, where + " field " + member, problems);
                }
            }
        }
    }

    /** Null when {@code value} is of {@code kind}, else what is wrong with it. */
    private static String wrongType(Object value, Kind kind) {
        String expected = "must be " + kind.description + ", not " + describe(value);
        return switch (kind) {
            case STRING -> value instanceof String ? null : expected;
            case BOOLEAN -> value instanceof Boolean ? null : expected;
            case ARRAY -> value instanceof JsonArray ? null : expected;
            case OBJECT -> value instanceof JsonObject ? null : expected;
            case NUMBER, INTEGER, INT32 -> {
                if (!(value instanceof Number n)) {
                    yield expected;
                }
                if (!finite(n)) {
                    yield "is out of range (it overflows a number)";
                }
                if (kind != Kind.NUMBER && !whole(n)) {
                    yield "must be a whole number, not " + n;
                }
                yield kind == Kind.INT32 && !fitsInt(n) ? "must be a whole number up to " + Integer.MAX_VALUE
                        + ", not " + n : null;
            }
            case ANY -> null;
        };
    }

    private static String describe(Object value) {
        if (value instanceof String s) {
            return "a string (\"" + printable(s) + "\")";
        }
        return value instanceof Boolean ? "a boolean" : value instanceof Number ? "a number"
                : value instanceof JsonArray ? "an array" : value instanceof JsonObject ? "an object" : "null";
    }

    private static boolean finite(Number n) {
        return !(n instanceof Double d && (d.isNaN() || d.isInfinite()))
                && !(n instanceof Float f && (f.isNaN() || f.isInfinite()));
    }

    private static boolean whole(Number n) {
        if (n instanceof Integer || n instanceof Long || n instanceof BigInteger || n instanceof Short) {
            return true;
        }
        return finite(n) && new BigDecimal(n.toString()).stripTrailingZeros().scale() <= 0;
    }

    private static boolean fitsInt(Number n) {
        BigDecimal d = new BigDecimal(n.toString());
        return d.compareTo(BigDecimal.valueOf(Integer.MIN_VALUE)) >= 0
                && d.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) <= 0;
    }

    /**
     * preview_changeset takes its operations as plain JSON ({@code List<Object>}, read field by field by
     * {@link OperationArguments}); they are held to the shape its input schema advertises, a list of OperationInput.
     */
    private static Type declaredType(ToolArgument argument) {
        return argument.name().equals("operations") ? OPERATIONS : argument.type();
    }

    private Shape shape(Type type) {
        return shapes.computeIfAbsent(type, t -> shape(mapper.getTypeFactory().constructType(t), 0));
    }

    private Shape shape(JavaType type, int depth) {
        Class<?> raw = type.getRawClass();
        if (depth > 4) {
            return leaf(Kind.ANY);
        }
        if (type.isReferenceType()) { // Optional<X>
            return shape(type.getReferencedType(), depth + 1);
        }
        if (raw == OptionalInt.class || raw == int.class || raw == Integer.class || raw == short.class
                || raw == Short.class) {
            return leaf(Kind.INT32);
        }
        if (raw == OptionalLong.class || raw == long.class || raw == Long.class || raw == BigInteger.class) {
            return leaf(Kind.INTEGER);
        }
        if (raw == String.class || CharSequence.class.isAssignableFrom(raw)) {
            return leaf(Kind.STRING);
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return leaf(Kind.BOOLEAN);
        }
        if (raw.isPrimitive() || Number.class.isAssignableFrom(raw)) {
            return leaf(Kind.NUMBER);
        }
        if (type.isCollectionLikeType() || type.isArrayType()) {
            return new Shape(Kind.ARRAY, null, null, shape(type.getContentType(), depth + 1));
        }
        if (raw.isRecord()) {
            BeanDescription bean = mapper.getDeserializationConfig().introspect(type);
            Map<String, Shape> members = new LinkedHashMap<>();
            Set<String> required = new TreeSet<>();
            for (BeanPropertyDefinition property : bean.findProperties()) {
                members.put(property.getName(), shape(property.getPrimaryType(), depth + 1));
                if (property.isRequired()) {
                    required.add(property.getName());
                }
            }
            return new Shape(Kind.OBJECT, Map.copyOf(members), Set.copyOf(required), null);
        }
        return leaf(Kind.ANY); // dates as text and the like: the tool checks those itself
    }

    private static Shape leaf(Kind kind) {
        return new Shape(kind, null, null, null);
    }

    /** Text as an assistant sent it, safe to echo: bounded, printable ASCII. */
    private static String printable(String s) {
        String cut = s.length() > 40 ? s.substring(0, 40) + "..." : s;
        return cut.replaceAll("[^\\x20-\\x7E]", "?");
    }
}
