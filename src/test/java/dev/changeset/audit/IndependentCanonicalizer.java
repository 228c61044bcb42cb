package dev.changeset.audit;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A second RFC 8785 canonicalizer, written separately from the one production uses (java-json-canonicalization),
 * so that a test can recompute a stored receipt's hash without trusting production code. It covers what receipts
 * contain: objects, arrays, strings, booleans, null and integers within the IEEE-754 exact range; any other
 * number is refused rather than guessed (Java 17's Double.toString is not the shortest form ECMAScript needs).
 */
final class IndependentCanonicalizer {

    private static final ObjectMapper JSON = new ObjectMapper();

    private IndependentCanonicalizer() {
    }

    static String canonicalize(String json) throws Exception {
        StringBuilder out = new StringBuilder();
        write(JSON.readTree(json), out);
        return out.toString();
    }

    private static void write(JsonNode node, StringBuilder out) {
        switch (node.getNodeType()) {
            case OBJECT -> {
                List<String> names = new ArrayList<>();
                node.fieldNames().forEachRemaining(names::add);
                names.sort(String::compareTo); // RFC 8785 3.2.3: by UTF-16 code units, which String.compareTo is
                out.append('{');
                for (int i = 0; i < names.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    string(names.get(i), out);
                    out.append(':');
                    write(node.get(names.get(i)), out);
                }
                out.append('}');
            }
            case ARRAY -> {
                out.append('[');
                Iterator<JsonNode> items = node.elements();
                for (int i = 0; items.hasNext(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    write(items.next(), out);
                }
                out.append(']');
            }
            case STRING -> string(node.textValue(), out);
            case BOOLEAN -> out.append(node.booleanValue());
            case NULL -> out.append("null");
            case NUMBER -> {
                if (!node.canConvertToExactIntegral() || Math.abs(node.asDouble()) > 9007199254740992d) {
                    throw new IllegalArgumentException("this canonicalizer handles integers only: " + node);
                }
                out.append(node.bigIntegerValue());
            }
            default -> throw new IllegalArgumentException("unexpected JSON node " + node.getNodeType());
        }
    }

    /** RFC 8785 3.2.2.2: only '"', '\' and controls are escaped; the short forms where JSON has them. */
    private static void string(String s, StringBuilder out) {
        Map<Character, String> shortForms = Map.of('"', "\\\"", '\\', "\\\\", '\b', "\\b", '\f', "\\f", '\n', "\\n",
                '\r', "\\r", '\t', "\\t");
        out.append('"');
        for (char c : s.toCharArray()) {
            String escaped = shortForms.get(c);
            if (escaped != null) {
                out.append(escaped);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        out.append('"');
    }
}
