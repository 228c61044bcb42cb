package dev.changeset.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.erdtman.jcs.JsonCanonicalizer;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * A receipt's canonical bytes (RFC 8785, JSON Canonicalization Scheme) and their SHA-256. Jackson turns the record
 * into JSON with a mapper of its own (the application's shared mapper may be customised elsewhere; the hashed bytes
 * must not move with it), and the RFC author's reference implementation (java-json-canonicalization) canonicalizes
 * it: member names sorted by UTF-16 code units, ECMAScript number serialization, minimal string escaping, UTF-8.
 */
public final class CanonicalJson {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    private CanonicalJson() {
    }

    /** The canonical JSON of a receipt without its own {@code hash} (and with {@code previousHash}). */
    static String of(Receipt receipt) {
        try {
            return canonicalize(MAPPER.writeValueAsString(receipt.withHash(null)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a receipt could not be written as JSON", e);
        }
    }

    /** Any JSON text in its RFC 8785 form. */
    public static String canonicalize(String json) {
        try {
            return new JsonCanonicalizer(json).getEncodedString();
        } catch (IOException e) {
            throw new IllegalArgumentException("not canonicalizable JSON: " + e.getMessage(), e);
        }
    }

    /** Reads a receipt back from its stored canonical JSON, with the hash stored beside it. */
    static Receipt read(String canonicalJson, String hash) {
        try {
            return MAPPER.readValue(canonicalJson, Receipt.class).withHash(hash);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored receipt is not valid receipt JSON", e);
        }
    }

    /** SHA-256 of the UTF-8 bytes of {@code text}, lower-case hex. */
    public static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }
}
