package dev.changeset.notify;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.changeset.audit.ReceiptLog;
import dev.changeset.audit.StoredReceipt;
import dev.changeset.vault.Delegation;
import dev.changeset.vault.GoogleAccess;
import dev.changeset.vault.GoogleRole;
import dev.changeset.vault.TokenVault;
import dev.changeset.vault.TokenVaultException;
import dev.changeset.vault.VaultConfig;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Vertx;

/**
 * Mails receipts as the Notifier: its own Token Vault exchange (gmail.send), a multipart email built from receipt
 * fields only, to recipients from the token or the caller's explicit argument. Mail never loses or changes a
 * receipt: each send has a delivery row; a failure is retried a bounded number of times (in this process, while it
 * holds the authority to exchange); Gmail's rate and quota limits are waited out (retried later, not FAILED); an
 * answer lost after sending is AMBIGUOUS and never re-sent on its own.
 */
@ApplicationScoped
public class ReceiptDelivery {

    private static final Logger LOG = Logger.getLogger(ReceiptDelivery.class);

    /** Where one send request stands. */
    public record Status(String deliveryId, String state, int attempts, String detail) {
    }

    private final DeliveryStore store;
    private final ReceiptLog receipts;
    private final ReceiptEmailComposer composer;
    private final GmailSender gmail;
    private final TokenVault vault;
    private final Vertx vertx;
    private final NotifyConfig config;
    private final VaultConfig vaultConfig;

    ReceiptDelivery(DeliveryStore store, ReceiptLog receipts, ReceiptEmailComposer composer, GmailSender gmail,
            TokenVault vault, Vertx vertx, NotifyConfig config, VaultConfig vaultConfig) {
        this.store = store;
        this.receipts = receipts;
        this.composer = composer;
        this.gmail = gmail;
        this.vault = vault;
        this.vertx = vertx;
        this.config = config;
        this.vaultConfig = vaultConfig;
    }

    /** Queues the email and makes the first attempt on a worker; returns at once. */
    public String sendLater(StoredReceipt receipt, Delegation authority, List<String> to) {
        String id = UUID.randomUUID().toString();
        store.insert(id, receipt.receipt().receiptId(), authority.subject(), to, config.maxAttempts());
        Infrastructure.getDefaultWorkerPool().execute(() -> attempt(id, receipt, authority, to, 1));
        return id;
    }

    /** Sends now (email_receipt): one attempt in this call, retries after it as for {@link #sendLater}. */
    public Status sendNow(StoredReceipt receipt, Delegation authority, List<String> to) {
        String id = UUID.randomUUID().toString();
        store.insert(id, receipt.receipt().receiptId(), authority.subject(), to, config.maxAttempts());
        attempt(id, receipt, authority, to, 1);
        return status(receipt.receipt().receiptId(), id);
    }

    public Status status(String receiptId, String deliveryId) {
        return store.find(receiptId, deliveryId)
                .map(d -> new Status(d.id(), d.state(), d.attempts(), d.lastError()))
                .orElseThrow(() -> new IllegalStateException("no delivery " + deliveryId));
    }

    public List<Status> statuses(String receiptId) {
        return store.forReceipt(receiptId).stream()
                .map(d -> new Status(d.id(), d.state(), d.attempts(), d.lastError())).toList();
    }

    private void attempt(String id, StoredReceipt receipt, Delegation authority, List<String> to, int attempt) {
        attempt(id, receipt, authority, to, attempt, 0);
    }

    private void attempt(String id, StoredReceipt receipt, Delegation authority, List<String> to, int attempt,
            int waits) {
        String head = null;
        try {
            ReceiptLog.ChainHead current = receipts.head();
            head = current.hash();
            SendOutcome outcome = sendAsNotifier(authority, composer.compose(receipt, current, Optional.empty(), to));
            if (outcome instanceof SendOutcome.Sent sent) {
                store.attempted(id, "SENT", head, sent.messageId(), null, null);
            } else if (outcome instanceof SendOutcome.Ambiguous ambiguous) {
                store.attempted(id, "AMBIGUOUS", head, null, ambiguous.message(), null);
            } else if (outcome instanceof SendOutcome.Limited limited) {
                waitOrFail(id, receipt, authority, to, attempt, waits, head, limited);
            } else if (outcome instanceof SendOutcome.Rejected rejected) {
                store.attempted(id, "FAILED", head, null, rejected.scopeInsufficient()
                        ? TokenVaultException.grantScope(GoogleRole.NOTIFIER, vaultConfig).getMessage()
                        : "Gmail refused it: " + rejected.status() + " " + rejected.reason() + " "
                                + rejected.message(), null);
            } else {
                retryOrFail(id, receipt, authority, to, attempt, head, ((SendOutcome.Failed) outcome).message());
            }
        } catch (TokenVaultException e) {
            store.attempted(id, "FAILED", head, null, e.getMessage(), null);
        } catch (RuntimeException e) {
            LOG.warnf("receipt %s: mail attempt %d failed: %s", receipt.receipt().receiptId(), attempt, e.toString());
            retryOrFail(id, receipt, authority, to, attempt, head, e.getClass().getSimpleName());
        }
    }

    /**
     * One send with the Notifier's Google token. On Gmail 401 the cached token is dropped and one fresh exchange
     * sends again, as the Sheets calls do; a second 401 means the grant itself is gone: reconnect Google.
     */
    private SendOutcome sendAsNotifier(Delegation authority, ReceiptEmail email) {
        GoogleAccess access = vault.exchange(authority, GoogleRole.NOTIFIER);
        SendOutcome outcome = gmail.send(access.token().reveal(), email);
        if (!(outcome instanceof SendOutcome.Rejected r && r.status() == 401)) {
            return outcome;
        }
        LOG.infof("Gmail refused token %s of %s (401): exchanging again, once", access.tokenExchangeId(),
                authority.subject());
        vault.invalidate(authority.subject());
        GoogleAccess fresh = vault.exchange(authority, GoogleRole.NOTIFIER);
        SendOutcome again = gmail.send(fresh.token().reveal(), email);
        if (again instanceof SendOutcome.Rejected refused && refused.status() == 401) {
            vault.invalidate(authority.subject());
            throw TokenVaultException.reconnectGoogle(vaultConfig);
        }
        return again;
    }

    /**
     * Gmail is limiting this user or this server (nothing was sent): the email stays PENDING and is sent again when
     * Gmail said, else after {@code changeset.notify.limit-wait}; a limit uses up no attempt, but an email waits at
     * most {@code max-limit-waits} times.
     */
    private void waitOrFail(String id, StoredReceipt receipt, Delegation authority, List<String> to, int attempt,
            int waits, String head, SendOutcome.Limited limited) {
        String what = "Gmail is limiting sends (HTTP " + limited.status() + " " + limited.reason() + ": "
                + limited.message() + "); nothing was sent";
        if (waits >= config.maxLimitWaits()) {
            store.attempted(id, "FAILED", head, null, what + ", and still after " + waits + " waits. Send it again"
                    + " later with email_receipt.", null);
            return;
        }
        Instant now = Instant.now();
        Instant next = limited.retryAt().filter(now::isBefore).orElse(now.plus(config.limitWait()));
        store.waiting(id, head, what + " yet. It will be sent again at " + next.truncatedTo(ChronoUnit.SECONDS)
                + " (wait " + (waits + 1) + " of at most " + config.maxLimitWaits() + ").", next);
        vertx.setTimer(Math.max(1, Duration.between(now, next).toMillis()), t -> Infrastructure
                .getDefaultWorkerPool().execute(() -> attempt(id, receipt, authority, to, attempt, waits + 1)));
    }

    private void retryOrFail(String id, StoredReceipt receipt, Delegation authority, List<String> to, int attempt,
            String head, String error) {
        if (attempt >= config.maxAttempts()) {
            store.attempted(id, "FAILED", head, null, "gave up after " + attempt + " attempts: " + error, null);
            return;
        }
        Duration wait = config.retryBackoff().multipliedBy(1L << (attempt - 1));
        store.attempted(id, "PENDING", head, null, error, Instant.now().plus(wait));
        vertx.setTimer(wait.toMillis(), t -> Infrastructure.getDefaultWorkerPool().execute(
                () -> attempt(id, receipt, authority, to, attempt + 1)));
    }
}
