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

import dev.changeset.ChangesetConfig;
import dev.changeset.vault.TokenExchange.Exchanged;

/**
 * The {@link TokenVault}: one exchange per (user, connection, login hint) while the Google token lives, kept until
 * {@code expires_in} minus {@code changeset.vault.cache-skew}, then the role's scope check on every call. Concurrent
 * first calls of one user wait for the same exchange (Caffeine computes an absent entry once). A refused exchange
 * is not cached.
 */
@ApplicationScoped
class CachingTokenVault implements TokenVault {

    private static final Logger LOG = Logger.getLogger(CachingTokenVault.class);

    private record Key(String subject, String connection, String loginHint) {
    }

    private final TokenExchange exchange;
    private final String connection;
    private final Cache<Key, Exchanged> cache;

    @Inject
    CachingTokenVault(ChangesetConfig changeset, VaultConfig config, ObjectMapper json) {
        this(new TokenExchange(changeset.identity().issuer(), config, json), config, Clock.systemUTC());
    }

    CachingTokenVault(TokenExchange exchange, VaultConfig config, Clock clock) {
        this.exchange = exchange;
        this.connection = config.connection();
        Duration skew = config.cacheSkew();
        this.cache = Caffeine.newBuilder()
                .maximumSize(config.cacheSize())
                .expireAfter(Expiry.<Key, Exchanged>creating((key, value) -> {
                    Duration left = Duration.between(clock.instant(), value.expiresAt().minus(skew));
                    return left.isNegative() ? Duration.ZERO : left;
                }))
                .build();
    }

    @Override
    public GoogleAccess exchange(Delegation delegation, GoogleRole role) {
        Key key = new Key(delegation.subject(), connection, delegation.loginHint().orElse(""));
        boolean[] exchanged = { false };
        Exchanged entry = cache.get(key, k -> {
            exchanged[0] = true;
            return exchange.exchange(delegation);
        });
        if (!role.satisfiedBy(entry.scopes())) {
            LOG.warnf("Google token %s of %s lacks %s, which the %s role needs", entry.id(), delegation.subject(),
                    role.scope(), role);
            throw TokenVaultException.grantScope(role.scope(), exchange.where());
        }
        return new GoogleAccess(entry.id(), role, delegation.subject(), entry.scopes(), entry.expiresAt(),
                !exchanged[0], entry.token());
    }

    @Override
    public void invalidate(String subject) {
        cache.asMap().keySet().removeIf(key -> key.subject().equals(subject));
        LOG.debugf("Dropped the cached Google tokens of %s", subject);
    }
}
