package dev.changeset.notify;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

import dev.changeset.ChangesetConfig;
import dev.changeset.audit.Receipt;
import dev.changeset.audit.ReceiptLog.ChainHead;
import dev.changeset.audit.StoredReceipt;
import dev.changeset.text.Printable;
import io.quarkus.arc.Unremovable;

/**
 * Builds the email for a sealed receipt: multipart/alternative, plain text and HTML, both a template of receipt
 * fields only (outcome, code, each change before and after, the approval, the receipt hash and the chain head at
 * sending time). Recipients come only from the arguments (the caller's token or explicit argument), never from
 * anything read from the sheet. MIME is Jakarta Mail's (Angus Mail), which ships its own GraalVM native-image
 * metadata and feature.
 */
@ApplicationScoped
@Unremovable // kept so its configuration is read at start
public class ReceiptEmailComposer {

    private final String publicUrl;
    private final int maxRecipients;
    private final Session session = Session.getInstance(new Properties());

    ReceiptEmailComposer(ChangesetConfig config, NotifyConfig notify) {
        this.publicUrl = config.publicUrl().toString().replaceAll("/+$", "");
        this.maxRecipients = notify.maxRecipients();
    }

    /**
     * @param stored the sealed receipt, as the log returned it
     * @param head the chain head when the email is sent (it may be later than the receipt)
     * @param from the sender's address (the user's own Gmail account), if known; Gmail sends as the account anyway
     * @param to the recipients, each a plain address
     * @throws IllegalArgumentException when there is no recipient, too many, or one is not a plain email address
     */
    public ReceiptEmail compose(StoredReceipt stored, ChainHead head, Optional<String> from, List<String> to) {
        List<InternetAddress> recipients = recipients(to);
        Receipt receipt = stored.receipt();
        ReceiptEmailTemplates.Content content = ReceiptEmailTemplates.render(receipt, head,
                publicUrl + "/receipts/" + receipt.receiptId());
        try {
            MimeMessage message = new ReceiptMimeMessage(session, receipt.receiptId());
            if (from.isPresent()) {
                message.setFrom(single(from.get(), "from"));
            }
            message.setRecipients(MimeMessage.RecipientType.TO, recipients.toArray(InternetAddress[]::new));
            message.setSubject(content.subject(), "UTF-8");
            message.setSentDate(new Date());
            message.setHeader("X-Changeset-Receipt", receipt.receiptId());
            message.setHeader("X-Changeset-Receipt-Hash", receipt.hash());
            message.setHeader("X-Changeset-Chain-Head", head.hash());
            MimeBodyPart text = new MimeBodyPart();
            text.setText(content.text(), "UTF-8", "plain");
            MimeBodyPart html = new MimeBodyPart();
            html.setText(content.html(), "UTF-8", "html");
            message.setContent(new MimeMultipart("alternative", text, html));
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            message.writeTo(bytes);
            return new ReceiptEmail(receipt.receiptId(), recipients.stream().map(InternetAddress::getAddress).toList(),
                    content.subject(), content.text(), content.html(), bytes.toByteArray());
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException("the email for receipt " + receipt.receiptId() + " could not be built", e);
        }
    }

    /**
     * The recipients as they will be addressed, checked as {@link #compose} checks them: callers check first, so that
     * a malformed or oversized list is refused before any approval is asked for or anything is sent.
     *
     * @throws IllegalArgumentException when there is no recipient, too many, or one is not a plain email address
     */
    public List<String> checkRecipients(List<String> to) {
        return recipients(to).stream().map(InternetAddress::getAddress).toList();
    }

    private List<InternetAddress> recipients(List<String> to) {
        List<InternetAddress> result = new ArrayList<>();
        for (String address : Recipients.check(to, maxRecipients)) {
            result.add(single(address, "to"));
        }
        return result;
    }

    /** One plain address: no display name, no group, no list, nothing a header could be smuggled through. */
    private static InternetAddress single(String address, String field) {
        String value = address == null ? "" : address.trim();
        try {
            InternetAddress parsed = new InternetAddress(value, true);
            if (parsed.isGroup() || parsed.getPersonal() != null || !parsed.getAddress().equals(value)
                    || !value.contains("@")) {
                throw new AddressException("not a plain address");
            }
            return parsed;
        } catch (AddressException e) {
            throw new IllegalArgumentException("'" + Printable.echo(value) + "' is not a plain "
                    + "email address (" + field + ")");
        }
    }

    /**
     * Sets its own Message-ID: Jakarta Mail's default asks the local host name (a DNS lookup that can hang in a
     * container).
     */
    private static final class ReceiptMimeMessage extends MimeMessage {
        private final String receiptId;

        ReceiptMimeMessage(Session session, String receiptId) {
            super(session);
            this.receiptId = receiptId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", "<" + receiptId + "." + UUID.randomUUID() + "@commerce-changeset>");
        }
    }
}
