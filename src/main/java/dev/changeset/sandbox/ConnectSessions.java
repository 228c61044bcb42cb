package dev.changeset.sandbox;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Connected Accounts flows under way at the sandbox's My Account API, each from {@code /connect} to
 * {@code /complete}: who started it, for which client redirect, which scopes, and where it stands. Tickets, sessions
 * and connect codes are random, single-use and expire with the flow ({@code expires_in}, 300 s as in Auth0's
 * example answer).
 */
final class ConnectSessions {

    static final long EXPIRES_IN_SECONDS = 300;

    /** One flow. {@code connectCode} and {@code granted} are set once the user allowed at Google. */
    record Flow(String ticket, String authSession, String subject, String connection, String redirectUri,
            String state, List<String> scopes, String codeChallenge, Instant expiresAt, String connectCode,
            List<String> granted) {

        Flow consented(String code, List<String> grantedScopes) {
            return new Flow(ticket, authSession, subject, connection, redirectUri, state, scopes, codeChallenge,
                    expiresAt, code, List.copyOf(grantedScopes));
        }

        boolean expired() {
            return Instant.now().isAfter(expiresAt);
        }
    }

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Flow> byTicket = new ConcurrentHashMap<>();

    Flow start(String subject, String connection, String redirectUri, String state, List<String> scopes,
            String codeChallenge) {
        Flow flow = new Flow(random(), random(), subject, connection, redirectUri, state, List.copyOf(scopes),
                codeChallenge, Instant.now().plusSeconds(EXPIRES_IN_SECONDS), null, null);
        byTicket.put(flow.ticket(), flow);
        return flow;
    }

    /** The unexpired flow of {@code ticket} whose user has not answered Google yet. */
    Optional<Flow> awaitingConsent(String ticket) {
        return Optional.ofNullable(ticket).map(byTicket::get).filter(f -> !f.expired() && f.connectCode() == null);
    }

    /** Records the user's grant at Google and returns the single-use connect code. */
    String consented(Flow flow, List<String> granted) {
        String code = random();
        byTicket.put(flow.ticket(), flow.consented(code, granted));
        return code;
    }

    /** Takes (single use) the consented flow of {@code authSession} and {@code connectCode}, if both match. */
    Optional<Flow> take(String authSession, String connectCode) {
        for (Flow flow : byTicket.values()) {
            if (flow.authSession().equals(authSession) && connectCode != null
                    && connectCode.equals(flow.connectCode())) {
                byTicket.remove(flow.ticket());
                return Optional.of(flow).filter(f -> !f.expired());
            }
        }
        return Optional.empty();
    }

    void forget(Flow flow) {
        byTicket.remove(flow.ticket());
    }

    void clear() {
        byTicket.clear();
    }

    private String random() {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
