package dev.changeset.proof;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.changeset.support.SandboxClient;
import io.vertx.core.json.JsonObject;

/** Reading the sandbox's Sheets call log against the Token Vault's issued tokens. */
final class CallLog {

    private static final Pattern CELL = Pattern.compile("![A-Z]+(\\d+)(?::[A-Z]+(\\d+))?$");

    private CallLog() {
    }

    /** Per demo user, every token the Token Vault issued them, as "exchangeId/fingerprint". */
    static Map<String, Set<String>> issued(SandboxClient sandbox, List<String> users) {
        Map<String, Set<String>> out = new HashMap<>();
        for (String user : users) {
            Set<String> set = new HashSet<>();
            sandbox.get("/sandbox/auth0/token-vault/issued?user=" + user).getJsonArray("tokens").forEach(t -> {
                JsonObject token = (JsonObject) t;
                set.add(token.getString("exchangeId") + "/" + fingerprint(token.getString("token")));
            });
            out.put(user, set);
        }
        return out;
    }

    /** The rows a call addressed cell by cell or row by row ({@code Products!D7}); empty for wider reads. */
    static Set<Integer> rowsOf(JsonObject call) {
        Set<Integer> rows = new HashSet<>();
        for (Object range : call.getJsonArray("ranges")) {
            Matcher m = CELL.matcher(String.valueOf(range));
            if (m.find() && (m.group(2) == null || m.group(2).equals(m.group(1)))) {
                rows.add(Integer.parseInt(m.group(1)));
            }
        }
        return rows;
    }

    /** As the call log names tokens: the first 12 hex digits of their SHA-256. */
    static String fingerprint(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code alice} for {@code auth0|alice}; {@code (none)} when the log knew no user for the token. */
    static String handle(String subject) {
        return subject == null ? "(none)" : subject.replace("auth0|", "");
    }
}
