package dev.changeset.notify;

import java.time.Duration;
import java.time.Instant;
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
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Vertx;

/**
 * Mails receipts as the Notifier: its own Token Vault exchange (gmail.send), a multipart email built from receipt
 * fields only, to recipients from the token or the caller's explicit argument. Mail never loses or changes a
 * receipt: each send has a delivery row; a failure is retried a bounded number of times (in this process, while it
 * holds the authority to exchange); an answer lost after sending is AMBIGUOUS and never re-sent on its own.
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

    ReceiptDelivery(DeliveryStore store, ReceiptLog receipts, ReceiptEmailComposer composer, GmailSender gmail,
            TokenVault vault, Vertx vertx, NotifyConfig config) {
        this.store = store;
        this.receipts = receipts;
        this.composer = composer;
        this.gmail = gmail;
        this.vault = vault;
        this.vertx = vertx;
        this.config = config;
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
        String head = null;
        try {
            GoogleAccess access = vault.exchange(authority, GoogleRole.NOTIFIER);
            ReceiptLog.ChainHead current = receipts.head();
            head = current.hash();
            SendOutcome outcome = gmail.send(access.token().reveal(),
                    composer.compose(receipt, current, Optional.empty(), to));
            if (outcome instanceof SendOutcome.Sent sent) {
                store.attempted(id, "SENT", head, sent.messageId(), null, null);
            } else if (outcome instanceof SendOutcome.Ambiguous ambiguous) {
                store.attempted(id, "AMBIGUOUS", head, null, ambiguous.message(), null);
            } else if (outcome instanceof SendOutcome.Rejected rejected) {
                store.attempted(id, "FAILED", head, null, "Gmail refused it: " + rejected.status() + " "
                        + rejected.reason() + " " + rejected.message(), null);
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
