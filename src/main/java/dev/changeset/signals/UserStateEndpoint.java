package dev.changeset.signals;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;

import dev.changeset.approval.CibaRequestFailed;
import dev.changeset.approval.PushLimitReached;
import dev.changeset.identity.Caller;
import dev.changeset.identity.Callers;
import dev.changeset.text.Printable;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * Where the person's assistive sidecar posts their user state, withdraws it, and switches signals on or off. These
 * routes are the sidecar's, never the assistant's: every one needs the sidecar scope ({@code changeset.signals.scope},
 * which no MCP tool needs, so the assistant's token never holds it) and, when configured, a listed sidecar client;
 * anything else gets 403. The subject is always the validated token's, never the body's. Switching off asks the
 * person's phone first ({@link SignalSwitch}): it answers 202 and signals go off when the person approves. A thin
 * adapter: it checks and shapes, {@link UserStates} keeps.
 */
@Path("/user-state")
@Produces(MediaType.APPLICATION_JSON)
public class UserStateEndpoint {

    /** What the caller's user state looks like from here. */
    public record View(boolean signalsEnabled, SignalView signal, long signalTtlSeconds, boolean switchOffPending) {
    }

    /** A live signal as its owner sees it. */
    public record SignalView(BigDecimal stress, String state, Instant receivedAt, Instant expiresAt) {
        static SignalView of(UserStates.Signal s) {
            return new SignalView(s.stress(), s.state().wireName(), s.receivedAt(), s.expiresAt());
        }
    }

    /** A switch-off that waits for the person's tap: what their phone shows, and until when. */
    public record SwitchOffPending(boolean signalsEnabled, boolean switchOffPending, String bindingMessage,
            Instant approvalDeadline, String message) {
    }

    /** A refusal a sidecar or person can act on. */
    public record Problem(String error, String message) {
    }

    private static final Set<String> SIGNAL_FIELDS = Set.of("stress", "state", "ttlSeconds");

    @Inject
    SecurityIdentity identity;
    @Inject
    Callers callers;
    @Inject
    UserStates states;
    @Inject
    SignalSwitch signalSwitch;
    @Inject
    SignalsConfig config;

    @GET
    public Response get() {
        return withCaller(caller -> Response.ok(view(caller.subject())).build());
    }

    @POST
    @Path("/signal")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response post(JsonNode body) {
        return withCaller(caller -> {
            String invalid = checkSignal(body);
            if (invalid != null) {
                return problem(400, "invalid_request", invalid);
            }
            Optional<Duration> ttl = body.has("ttlSeconds")
                    ? Optional.of(Duration.ofSeconds(body.get("ttlSeconds").asLong()))
                    : Optional.empty();
            try {
                UserStates.Signal signal = states.post(caller.subject(), body.get("stress").decimalValue(),
                        UserStates.State.parse(body.get("state").asText()).orElseThrow(), ttl);
                return Response.ok(SignalView.of(signal)).build();
            } catch (UserStates.SignalsOffException e) {
                return problem(409, "signals_off", e.getMessage());
            }
        });
    }

    @DELETE
    @Path("/signal")
    public Response forget() {
        return withCaller(caller -> {
            states.forget(caller.subject());
            return Response.ok(view(caller.subject())).build();
        });
    }

    @PUT
    @Path("/switch")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response setSwitch(JsonNode body) {
        return withCaller(caller -> {
            if (body == null || !body.isObject() || !body.has("enabled") || !body.get("enabled").isBoolean()
                    || body.size() != 1) {
                return problem(400, "invalid_request", "the body must be {\"enabled\": true} or {\"enabled\": false}");
            }
            if (body.get("enabled").booleanValue()) {
                signalSwitch.on(caller.subject());
                return Response.ok(view(caller.subject())).build();
            }
            try {
                return signalSwitch.requestOff(caller.subject())
                        .map(p -> Response.status(202).entity(new SwitchOffPending(true, true, p.bindingMessage(),
                                p.deadline(), "Your phone was asked: signals go off when you approve \""
                                        + p.bindingMessage() + "\" in Auth0 Guardian.")).build())
                        .orElseGet(() -> Response.ok(view(caller.subject())).build());
            } catch (PushLimitReached e) {
                return problem(429, "too_many_approvals", e.getMessage());
            } catch (CibaRequestFailed e) {
                return problem(503, "approval_unavailable", "Your phone could not be asked, so signals stay on: "
                        + e.getMessage());
            }
        });
    }

    /** The first thing wrong with a signal body, in words, or null when it is valid. */
    static String checkSignal(JsonNode body) {
        if (body == null || !body.isObject()) {
            return "the body must be a JSON object {\"stress\": 0..1, \"state\": \"calm|stressed|rushed|uncertain\"}";
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!SIGNAL_FIELDS.contains(name)) {
                return "unknown field '" + Printable.echo(name)
                        + "'; a signal has stress, state and optionally ttlSeconds";
            }
        }
        JsonNode stress = body.get("stress");
        if (stress == null || stress.isNull()) {
            return "stress is required: a number from 0 to 1";
        }
        if (!stress.isNumber()) {
            return "stress must be a number from 0 to 1, not " + stress.getNodeType().name().toLowerCase();
        }
        BigDecimal value = stress.decimalValue();
        if (value.signum() < 0 || value.compareTo(BigDecimal.ONE) > 0) {
            return "stress must be from 0 to 1, got " + value.toPlainString();
        }
        JsonNode state = body.get("state");
        if (state == null || state.isNull()) {
            return "state is required: one of calm, stressed, rushed, uncertain";
        }
        if (!state.isTextual() || UserStates.State.parse(state.asText()).isEmpty()) {
            return "state must be one of calm, stressed, rushed, uncertain, got "
                    + (state.isTextual() ? "'" + Printable.echo(state.asText()) + "'" : state.getNodeType().name()
                            .toLowerCase());
        }
        JsonNode ttl = body.get("ttlSeconds");
        if (ttl != null && (!ttl.canConvertToExactIntegral() || ttl.asLong() < 1)) {
            return "ttlSeconds must be a whole number of seconds, at least 1";
        }
        return null;
    }

    /** Only the sidecar's credential: its scope, and (when listed) its client. The assistant's token gets 403. */
    private Response withCaller(Function<Caller, Response> action) {
        Caller caller = callers.of(identity);
        if (!caller.scopes().contains(config.scope())) {
            return Response.status(403).header("WWW-Authenticate", "Bearer error=\"insufficient_scope\", scope=\""
                    + config.scope() + "\"").entity(new Problem("insufficient_scope", "user-state routes are the"
                            + " person's sidecar's: they need scope '" + config.scope() + "', which assistants are"
                            + " never granted")).type(MediaType.APPLICATION_JSON).build();
        }
        List<String> sidecars = config.sidecarClients().orElse(List.of());
        if (!sidecars.isEmpty() && !caller.clientId().filter(sidecars::contains).isPresent()) {
            return problem(403, "unauthorized_client", "user-state routes take tokens of the person's sidecar"
                    + " client only, not of '" + Printable.echo(caller.clientId().orElse("no client")) + "'");
        }
        return action.apply(caller);
    }

    private View view(String subject) {
        return new View(states.enabled(subject), states.live(subject).map(SignalView::of).orElse(null),
                states.maxTtl().toSeconds(), signalSwitch.pendingOff(subject).isPresent());
    }

    private static Response problem(int status, String error, String message) {
        return Response.status(status).entity(new Problem(error, message)).type(MediaType.APPLICATION_JSON).build();
    }
}
