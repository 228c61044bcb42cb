package dev.changeset.approval;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals an auth_req_id for the database (a pod restart must resume polling, and the id is a secret). AES-256-GCM
 * with a key derived from the CIBA client secret by HMAC-SHA256, so the database alone never yields the id, and
 * the id is useless without that same secret anyway. The JDK's own javax.crypto is the library here.
 */
final class RequestIdSeal {

    private static final String PURPOSE = "commerce-changeset auth_req_id seal v1";
    private static final SecureRandom RANDOM = new SecureRandom();
    private final SecretKeySpec key;

    RequestIdSeal(String clientSecret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(clientSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            this.key = new SecretKeySpec(mac.doFinal(PURPOSE.getBytes(StandardCharsets.UTF_8)), "AES");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot derive the sealing key", e);
        }
    }

    String seal(AuthReqId id) {
        try {
            byte[] nonce = new byte[12];
            RANDOM.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            byte[] sealed = cipher.doFinal(id.reveal().getBytes(StandardCharsets.UTF_8));
            return "v1:" + Base64.getEncoder().encodeToString(nonce) + ":" + Base64.getEncoder().encodeToString(sealed);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the auth_req_id could not be sealed", e);
        }
    }

    AuthReqId open(String sealed) {
        String[] parts = sealed.split(":");
        if (parts.length != 3 || !parts[0].equals("v1")) {
            throw new IllegalStateException("a stored auth_req_id is not in the v1 seal format");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, Base64.getDecoder().decode(parts[1])));
            return AuthReqId.of(new String(cipher.doFinal(Base64.getDecoder().decode(parts[2])),
                    StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a stored auth_req_id cannot be opened (was the CIBA client secret"
                    + " changed while approvals were pending?)", e);
        }
    }
}
