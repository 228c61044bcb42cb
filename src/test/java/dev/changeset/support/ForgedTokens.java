package dev.changeset.support;

import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.lang.JoseException;

import io.vertx.core.json.JsonObject;

/** Ways to forge a JWT from a good one: what an attacker without the tenant's private key can make. */
public final class ForgedTokens {

    private ForgedTokens() {
    }

    /** A fresh RSA key pair, as an attacker's own "tenant" would have. */
    public static RsaJsonWebKey attackerKey(String keyId) {
        try {
            RsaJsonWebKey key = RsaJwkGenerator.generateJwk(2048);
            key.setKeyId(keyId);
            key.setAlgorithm(AlgorithmIdentifiers.RSA_USING_SHA256);
            key.setUse("sig");
            return key;
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The good token's claims signed RS256 with another key, with this kid and any extra header fields. */
    public static String resigned(String good, RsaJsonWebKey key, String keyId, Map<String, Object> headers) {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(payloadOf(good));
        jws.setKey(key.getPrivateKey());
        jws.setKeyIdHeaderValue(keyId);
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        headers.forEach(jws::setHeader);
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The good token's claims, {@code "alg":"none"} and no signature. */
    public static String unsigned(String good) {
        return b64("{\"alg\":\"none\",\"typ\":\"JWT\",\"kid\":\"" + kidOf(good) + "\"}") + "." + b64(payloadOf(good))
                + ".";
    }

    /** The good token's claims signed HS256 with the tenant's public key (as published in its JWKS) as secret. */
    public static String hs256WithPublicKey(String good, String jwksJson) {
        try {
            PublicKey publicKey = (PublicKey) new JsonWebKeySet(jwksJson).getJsonWebKeys().get(0).getKey();
            byte[] secret = KeyFactory.getInstance("RSA").getKeySpec(publicKey, X509EncodedKeySpec.class).getEncoded();
            String signingInput = b64("{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"" + kidOf(good) + "\"}") + "."
                    + b64(payloadOf(good));
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return signingInput + "." + Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static String payloadOf(String jwt) {
        return new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8);
    }

    public static String kidOf(String jwt) {
        return new JsonObject(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[0]), StandardCharsets.UTF_8))
                .getString("kid");
    }

    private static String b64(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
