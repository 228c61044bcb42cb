package dev.changeset.connect;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import dev.changeset.ChangesetConfig;

/**
 * Connect links: an opaque, random id (32 bytes) bound to the Auth0 subject it was issued for, usable once and until
 * {@code changeset.connect.link-validity}. The link itself proves nothing about who opens it: the connect page signs
 * the person in with Auth0 and refuses anyone but that subject. Kept in this process's memory (a link opened on
 * another replica is refused as unknown; the assistant asks again).
 */
@ApplicationScoped
public class ConnectLinks {

    /** One issued link. */
    public record Link(String id, String subject, String url, Instant expiresAt) {
    }

    private final SecureRandom random = new SecureRandom();
    private final Cache<String, Link> open;
    private final ConnectConfig config;
    private final String pageUrl;
    private final Clock clock;

    @Inject
    ConnectLinks(ConnectConfig config, ChangesetConfig changeset) {
        this(config, changeset.publicUrl().toString().replaceAll("/+$", "") + ConnectPage.PATH, Clock.systemUTC());
    }

    ConnectLinks(ConnectConfig config, String pageUrl, Clock clock) {
        this.config = config;
        this.pageUrl = pageUrl;
        this.clock = clock;
        this.open = Caffeine.newBuilder().maximumSize(100_000)
                .expireAfterWrite(config.linkValidity().toMillis(), TimeUnit.MILLISECONDS).build();
    }

    /** True when the connect page is configured, so links may be offered. */
    public boolean enabled() {
        return config.clientId().isPresent() && config.clientSecret().isPresent();
    }

    /** A new link for {@code subject}. */
    public Link issue(String subject) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Link link = new Link(id, subject, pageUrl + "?link=" + id, clock.instant().plus(config.linkValidity()));
        open.put(id, link);
        return link;
    }

    /** Takes the link (single use): empty when unknown, used or expired. */
    Optional<Link> take(String id) {
        if (id == null) {
            return Optional.empty();
        }
        Link link = open.asMap().remove(id);
        return Optional.ofNullable(link).filter(l -> clock.instant().isBefore(l.expiresAt()));
    }
}
