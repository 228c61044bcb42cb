package dev.changeset.proof;

import java.util.Arrays;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.changeset.support.McpWire;

/**
 * One hostile or malformed call of the bad-input corpus: how to send it on a session, and the one specific answer
 * that counts as holding (a JSON-RPC error code with HTTP status and message, an HTTP status, or a tool error whose
 * text names the field or problem).
 */
record BadCall(String name, Function<McpWire, McpWire.Reply> send, Expect expect) {

    /** What a reply must be. */
    interface Expect {
        /** Why the reply is not what was expected; empty when it is. */
        Optional<String> mismatch(McpWire.Reply reply);

        String describe();
    }

    static BadCall tool(String name, String tool, String argumentsJson, String... fragments) {
        return new BadCall(name, wire -> wire.tool(tool, argumentsJson), toolError(fragments));
    }

    static BadCall raw(String name, String body, int status, int code, String fragment) {
        return new BadCall(name, wire -> wire.post(body), rpcError(status, code, fragment));
    }

    /** {@code isError: true} and text containing every fragment. */
    static Expect toolError(String... fragments) {
        return new Expect() {
            @Override
            public Optional<String> mismatch(McpWire.Reply reply) {
                if (!reply.isToolError()) {
                    return Optional.of("not a tool error: " + reply.brief());
                }
                String text = reply.toolText();
                return Arrays.stream(fragments).filter(f -> !text.contains(f)).findFirst()
                        .map(f -> "the error does not say '" + f + "': " + text);
            }

            @Override
            public String describe() {
                return "tool error naming " + Arrays.stream(fragments).map(f -> "'" + f + "'")
                        .collect(Collectors.joining(" and "));
            }
        };
    }

    /** A JSON-RPC error with this code, on this HTTP status, whose message contains {@code fragment}. */
    static Expect rpcError(int status, int code, String fragment) {
        return new Expect() {
            @Override
            public Optional<String> mismatch(McpWire.Reply reply) {
                if (reply.status() != status || !Integer.valueOf(code).equals(reply.rpcErrorCode())) {
                    return Optional.of("expected HTTP " + status + " with JSON-RPC " + code + ", got " + reply.brief());
                }
                return reply.rpcErrorMessage().contains(fragment) ? Optional.empty()
                        : Optional.of("the message does not say '" + fragment + "': " + reply.rpcErrorMessage());
            }

            @Override
            public String describe() {
                return "HTTP " + status + ", JSON-RPC " + code + " '" + fragment + "'";
            }
        };
    }

    /** Just this HTTP status (the transport refuses before any JSON-RPC is read). */
    static Expect status(int status) {
        return new Expect() {
            @Override
            public Optional<String> mismatch(McpWire.Reply reply) {
                return reply.status() == status ? Optional.empty()
                        : Optional.of("expected HTTP " + status + ", got " + reply.brief());
            }

            @Override
            public String describe() {
                return "HTTP " + status;
            }
        };
    }
}
