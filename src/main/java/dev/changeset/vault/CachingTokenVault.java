package dev.changeset.vault;

import java.time.Clock;
import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;

import dev.changeset.ChangesetConfig;
import dev.changeset.vault.TokenExchange.Exchanged;

/**
 * The {@link TokenVault}: one exchange per (user, connection, login hint) while the Google token lives, kept until
 * {@code expires_in} minus {@code changeset.vault.cache-skew}, then the role's scope check on every call. Concurrent
 * first calls of one user wait for the same exchange (Caffeine computes an absent entry once). A refused exchange
 * is not cached.
 * <p>
 * Meters: {@code changeset.vault.exchanges{outcome}} (ok, or the refusal's kind) for every exchange sent to Auth0, and
 * Caffeine's own statistics as {@code cache.gets{cache="token-vault", result=hit|miss}}, size and evictions.
 */
@ApplicationScoped
class CachingTokenVault implements TokenVault {

    private static final Logger LOG = Logger.getLogger(CachingTokenVault.class);

    private record Key(String subject, String connection, String loginHint) {
    }

    private final TokenExchange exchange;
    private final String connection;
    private final Cache<Key, Exchanged> cache;
    private final MeterRegistry meters;

    @Inject
    CachingTokenVault(ChangesetConfig changeset, VaultConfig config, ObjectMapper json, MeterRegistry meters) {
        this(new TokenExchange(changeset.identity().issuer(), config, json), config, Clock.systemUTC(), meters);
    }

    CachingTokenVault(TokenExchange exchange, VaultConfig config, Clock clock) {
        this(exchange, config, clock, Metrics.globalRegistry);
    }

    private CachingTokenVault(TokenExchange exchange, VaultConfig config, Clock clock, MeterRegistry meters) {
        this.exchange = exchange;
        this.meters = meters;
        this.connection = config.connection();
        Duration skew = config.cacheSkew();
        this.cache = Caffeine.newBuilder()
                .maximumSize(config.cacheSize())
                .expireAfter(Expiry.<Key, Exchanged>creating((key, value) -> {
                    Duration left = Duration.between(clock.instant(), value.expiresAt().minus(skew));
                    return left.isNegative() ? Duration.ZERO : left;
                }))
                .recordStats()
                .build();
        CaffeineCacheMetrics.monitor(meters, cache, "token-vault");
    }

    @Override
    public GoogleAccess exchange(Delegation delegation, GoogleRole role) {
        Key key = new Key(delegation.subject(), connection, delegation.loginHint().orElse(""));
        boolean[] exchanged = { false };
        Exchanged entry = cache.get(key, k -> {
            exchanged[0] = true;
            return counted(delegation);
        });
        if (!role.satisfiedBy(entry.scopes())) {
            LOG.warnf("Google token %s of %s lacks %s, which the %s role needs", entry.id(), delegation.subject(),
                    role.scope(), role);
            throw TokenVaultException.grantScope(role.scope(), exchange.where());
        }
        return new GoogleAccess(entry.id(), role, delegation.subject(), entry.scopes(), entry.expiresAt(),
                !exchanged[0], entry.token());
    }

    private Exchanged counted(Delegation delegation) {
        try {
            Exchanged done = exchange.exchange(delegation);
            meters.counter("changeset.vault.exchanges", "outcome", "ok").increment();
            return done;
        } catch (TokenVaultException e) {
            meters.counter("changeset.vault.exchanges", "outcome", e.kind().name().toLowerCase()).increment();
            throw e;
        }
    }

    @Override
    public void invalidate(String subject) {
        cache.asMap().keySet().removeIf(key -> key.subject().equals(subject));
        LOG.debugf("Dropped the cached Google tokens of %s", subject);
    }
}
