package dev.changeset.catalog;

import java.io.IOException;
import java.time.temporal.ChronoUnit;
import java.util.function.Function;
import java.util.function.Predicate;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.changeset.vault.Delegation;
import dev.changeset.vault.GoogleAccess;
import dev.changeset.vault.GoogleRefusal;
import dev.changeset.vault.GoogleRole;
import dev.changeset.vault.TokenVault;
import dev.changeset.vault.TokenVaultException;
import dev.changeset.vault.VaultConfig;
import io.smallrye.faulttolerance.api.TypedGuard;

/**
 * Runs a Sheets call for a role with the rules every call follows:
 * <ol>
 * <li>a Google token from Token Vault, checked for the role;</li>
 * <li>Google's quota (429, or a 403 rate-limit reason), 5xx and no-answer retried a bounded number of times with
 * exponential backoff (SmallRye Fault Tolerance) for reads; for a write only the quota refusal, which is an answer
 * (nothing was written), because a 5xx or a lost answer leaves its outcome unknown and a write is never repeated
 * blindly;</li>
 * <li>on Google 401 the cached token is dropped and the call is made once more with a fresh exchange;</li>
 * <li>what is left becomes an error a person can act on.</li>
 * </ol>
 */
@ApplicationScoped
class GoogleCalls {

    private static final Logger LOG = Logger.getLogger(GoogleCalls.class);

    /** One call on a role's client. */
    interface SheetsCall<C, T> {
        T call(C client) throws IOException;
    }

    /** A call's value and the Google token (exchange) that made it. */
    record Done<T>(T value, GoogleAccess access) {
    }

    private final TokenVault vault;
    private final VaultConfig vaultConfig;
    private final SheetsClients clients;
    private final int attempts;
    private final TypedGuard<Object> reads;
    private final TypedGuard<Object> writes;

    GoogleCalls(TokenVault vault, VaultConfig vaultConfig, SheetsClients clients, CatalogConfig config) {
        this.vault = vault;
        this.vaultConfig = vaultConfig;
        this.clients = clients;
        this.attempts = config.retry().maxRetries() + 1;
        this.reads = guard(config.retry(), f -> f.rateLimited() || f.serverSide());
        this.writes = guard(config.retry(), SheetsFailure::rateLimited);
    }

    private static TypedGuard<Object> guard(CatalogConfig.Retry retry, Predicate<SheetsFailure> retryable) {
        return TypedGuard.create(Object.class)
                .withRetry()
                .maxRetries(retry.maxRetries())
                .delay(retry.delay().toMillis(), ChronoUnit.MILLIS)
                .jitter(retry.jitter().toMillis(), ChronoUnit.MILLIS)
                .whenException(e -> e instanceof SheetsFailure f && retryable.test(f))
                .beforeRetry(e -> LOG.debugf("Retrying a Sheets call after %s",
                        e instanceof SheetsFailure f ? f.describe() : e.getClass().getSimpleName()))
                .withExponentialBackoff().factor(2).maxDelay(retry.maxDelay().toMillis(), ChronoUnit.MILLIS).done()
                .done()
                .build();
    }

    <T> Done<T> asReader(Delegation delegation, SheetsCall<ReaderSheets, T> call) {
        return run(delegation, GoogleRole.READER, clients::reader, call, false);
    }

    <T> Done<T> asWriterReading(Delegation delegation, SheetsCall<WriterSheets, T> call) {
        return run(delegation, GoogleRole.WRITER, clients::writer, call, false);
    }

    <T> Done<T> asWriterWriting(Delegation delegation, SheetsCall<WriterSheets, T> call) {
        return run(delegation, GoogleRole.WRITER, clients::writer, call, true);
    }

    private <C, T> Done<T> run(Delegation delegation, GoogleRole role, Function<GoogleAccess, C> client,
            SheetsCall<C, T> call, boolean write) {
        GoogleAccess access = vault.exchange(delegation, role);
        try {
            return new Done<>(guarded(client.apply(access), call, write), access);
        } catch (SheetsFailure failure) {
            if (!failure.unauthorized()) {
                throw translate(failure, access, role, write);
            }
            LOG.infof("Google refused token %s of %s (401): exchanging again, once", access.tokenExchangeId(),
                    delegation.subject());
            vault.invalidate(delegation.subject());
            GoogleAccess fresh = vault.exchange(delegation, role);
            try {
                return new Done<>(guarded(client.apply(fresh), call, write), fresh);
            } catch (SheetsFailure again) {
                if (again.unauthorized()) {
                    LOG.warnf("Google refused the fresh token %s of %s too (401)", fresh.tokenExchangeId(),
                            delegation.subject());
                    vault.invalidate(delegation.subject());
                    throw TokenVaultException.reconnectGoogle(vaultConfig);
                }
                throw translate(again, fresh, role, write);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private <C, T> T guarded(C client, SheetsCall<C, T> call, boolean write) {
        try {
            return (T) (write ? writes : reads).call(() -> {
                try {
                    return call.call(client);
                } catch (IOException e) {
                    throw SheetsFailure.of(e);
                }
            });
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("unexpected checked exception from a Sheets call", e);
        }
    }

    private RuntimeException translate(SheetsFailure f, GoogleAccess access, GoogleRole role, boolean write) {
        LOG.warnf("Sheets call with token %s of %s failed: %s %s", access.tokenExchangeId(), access.subject(),
                f.describe(), f.refusal.map(r -> r.reason() + " " + r.detailReason()).orElse(""));
        String id = clients.spreadsheetId();
        if (f.scopeInsufficient()) {
            return TokenVaultException.grantScope(role, vaultConfig);
        }
        if (f.rateLimited()) {
            return new CatalogException(CatalogException.Kind.RATE_LIMITED, quotaMessage(f, write), f);
        }
        if (f.status == 403) {
            return new CatalogException(CatalogException.Kind.NO_ACCESS, "Your Google account may not open the "
                    + "catalog spreadsheet " + id + " (Google: " + f.googleMessage() + "). Ask its owner to share "
                    + "it with you.", f);
        }
        if (f.status == 404) {
            return new CatalogException(CatalogException.Kind.NOT_FOUND, "The catalog spreadsheet " + id + " or "
                    + "one of its sheets was not found (Google: " + f.googleMessage() + "). The server's "
                    + "changeset.catalog settings must name an existing spreadsheet and sheets.", f);
        }
        if (write && f.serverSide()) {
            return new CatalogException(CatalogException.Kind.WRITE_OUTCOME_UNKNOWN, "Google Sheets failed during "
                    + "the write (" + f.describe() + "), so it may or may not have been applied. Read the cells "
                    + "back to find out; do not write again blindly.", f);
        }
        if (f.serverSide()) {
            return new CatalogException(CatalogException.Kind.GOOGLE_UNAVAILABLE, "Google Sheets is not answering "
                    + "properly (" + f.describe() + ") after " + attempts + " attempts. Try again in a few minutes.",
                    f);
        }
        return new CatalogException(CatalogException.Kind.REJECTED, "Google Sheets refused the request ("
                + f.describe() + ": " + f.googleMessage() + ").", f);
    }

    /**
     * Google's per-minute quota, after the bounded retries: whose quota it is when Google says (the Sheets "Usage
     * limits" page: 60 requests a minute per user, 300 per project, reads and writes apart, "refilled every minute";
     * "after 1 minute, you can execute requests again"), and when to try again. A refused write wrote nothing (a 429
     * is an answer), so the changeset must be previewed again rather than written blindly.
     */
    private String quotaMessage(SheetsFailure f, boolean write) {
        String whose = f.refusal.flatMap(GoogleRefusal::perUser)
                .map(user -> user ? "your Google account's" : "this server's Google Cloud project's (shared by "
                        + "everyone using this server)")
                .orElse("a");
        String when = f.refusal.flatMap(GoogleRefusal::retryAt)
                .map(at -> "Google asks to wait until " + at.truncatedTo(ChronoUnit.SECONDS) + ".")
                .orElse("Google refills it every minute: try again in a minute.");
        return "Google Sheets is limiting requests: " + whose + " per-minute "
                + (write ? "write" : "read") + " quota is used up (HTTP " + f.status + ", still after " + attempts
                + " attempts). " + (write ? "Nothing was written. Preview the changeset again in a minute and apply "
                        + "the new preview. " : "") + when;
    }
}
