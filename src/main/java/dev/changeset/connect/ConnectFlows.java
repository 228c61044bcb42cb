package dev.changeset.connect;

import java.util.Optional;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * The connect flows under way, each bound to one browser by a random id in an HttpOnly cookie and to the subject of
 * the link it started from: the Auth0 sign-in's state and PKCE verifier, then, once the person is known, the My
 * Account API token, the Connected Accounts {@code auth_session} and that step's state and verifier. Kept in memory
 * until {@code changeset.connect.flow-validity}; never logged.
 */
@ApplicationScoped
class ConnectFlows {

    /** Where one flow stands. {@code myAccountToken} and {@code authSession} are set after the sign-in. */
    record Flow(String id, String subject, String loginState, Pkce login, String connectState, Pkce connect,
            String myAccountToken, String authSession) {

        Flow signedIn(String token, String session) {
            return new Flow(id, subject, loginState, login, connectState, connect, token, session);
        }

        @Override
        public String toString() {
            return "Flow[" + id.substring(0, 6) + "..., " + subject + "]";
        }
    }

    private final Cache<String, Flow> flows;

    ConnectFlows(ConnectConfig config) {
        this.flows = Caffeine.newBuilder().maximumSize(100_000)
                .expireAfterWrite(config.flowValidity().toMillis(), TimeUnit.MILLISECONDS).build();
    }

    Flow start(String subject) {
        Flow flow = new Flow(Pkce.random(32), subject, Pkce.random(24), Pkce.create(), Pkce.random(24),
                Pkce.create(), null, null);
        flows.put(flow.id(), flow);
        return flow;
    }

    Optional<Flow> find(String id) {
        return id == null ? Optional.empty() : Optional.ofNullable(flows.getIfPresent(id));
    }

    void update(Flow flow) {
        flows.put(flow.id(), flow);
    }

    void end(Flow flow) {
        flows.invalidate(flow.id());
    }
}
