package dev.changeset.identity;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.JwtContext;
import org.jose4j.jwt.consumer.Validator;

import io.quarkus.arc.Unremovable;

/**
 * Refuses an access token that says it was issued in the future ({@code iat} more than a minute ahead of this
 * server's clock). quarkus-oidc requires {@code iat} but checks only {@code exp} and {@code nbf} against the clock,
 * so a token whose {@code iat} and {@code exp} both lie a year ahead passed: the token attack corpus showed it.
 * Auth0 never issues one; such a token is forged with a leaked key or minted by a tenant with a broken clock.
 * quarkus-oidc runs every jose4j {@link Validator} bean on each token of the default tenant; a refusal is a 401
 * {@code invalid_token}.
 */
@Unremovable
@ApplicationScoped
class IssuedAtValidator implements Validator {

    /** Clock skew tolerated between Auth0 and this server. */
    static final long LEEWAY_SECONDS = 60;

    @Override
    public String validate(JwtContext context) throws MalformedClaimException {
        NumericDate issuedAt = context.getJwtClaims().getIssuedAt();
        if (issuedAt != null && issuedAt.getValue() > Instant.now().getEpochSecond() + LEEWAY_SECONDS) {
            return "the token's iat lies more than " + LEEWAY_SECONDS + " s in the future";
        }
        return null;
    }
}
