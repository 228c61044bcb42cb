package dev.changeset.approval;

import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

import dev.changeset.identity.AccessToken;

/**
 * The access tokens approvals returned (CIBA with {@code audience} = this API), held in this process's memory only
 * until the Writer uses them or they expire: they are the authority the user minted by approving, never stored.
 */
@ApplicationScoped
public class ApprovalTokens {

    private record Held(AccessToken token, Duration ttl) {
    }

    private final Cache<String, Held> held = Caffeine.newBuilder()
            .expireAfter(Expiry.<String, Held> creating((key, value) -> value.ttl()))
            .maximumSize(100_000)
            .build();

    void hold(String changesetId, AccessToken token, Duration expiresIn) {
        held.put(changesetId, new Held(token, expiresIn.minusSeconds(30).isNegative() ? expiresIn
                : expiresIn.minusSeconds(30)));
    }

    /** The approval's token for this changeset, if this process holds it; it is given out once. */
    public Optional<AccessToken> take(String changesetId) {
        Held h = held.asMap().remove(changesetId);
        return Optional.ofNullable(h).map(Held::token);
    }

    public boolean holds(String changesetId) {
        return held.getIfPresent(changesetId) != null;
    }
}
