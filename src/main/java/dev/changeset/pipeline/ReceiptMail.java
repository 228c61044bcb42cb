package dev.changeset.pipeline;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.changeset.audit.StoredReceipt;
import dev.changeset.notify.ReceiptDelivery;

/**
 * Step 8: after a receipt is sealed, the Notifier mails it to the caller's own address from the token (never an
 * address from the sheet), under the same authority the Writer used. Mail never holds up or changes the receipt.
 */
@ApplicationScoped
class ReceiptMail {

    private static final Logger LOG = Logger.getLogger(ReceiptMail.class);

    private final ReceiptDelivery delivery;

    ReceiptMail(ReceiptDelivery delivery) {
        this.delivery = delivery;
    }

    void afterSeal(Changeset sealed, StoredReceipt receipt, Trail trail) {
        if (sealed.callerEmail() == null || trail.authority() == null) {
            LOG.infof("receipt %s not mailed: the caller's token carries no address", receipt.receipt().receiptId());
            return;
        }
        delivery.sendLater(receipt, trail.authority().delegation(), List.of(sealed.callerEmail()));
    }
}
