package dev.changeset.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import dev.changeset.text.Jcs;
import dev.changeset.text.Sha256;

/**
 * A receipt's canonical bytes (RFC 8785, JSON Canonicalization Scheme; their SHA-256 is {@link Sha256#hex}). Jackson
 * turns the record into JSON with a mapper of its own (the application's shared mapper may be customised elsewhere;
 * the hashed bytes must not move with it), and {@link Jcs} canonicalizes it.
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
            return Jcs.canonicalize(MAPPER.writeValueAsString(receipt.withHash(null)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a receipt could not be written as JSON", e);
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

}
