package dev.changeset.notify;

import java.util.List;

import com.google.api.services.gmail.model.Message;

/**
 * A receipt email ready for Gmail: who it goes to, its subject and both bodies (for tests and logs of ids), and the
 * RFC 822 bytes that Gmail's {@code raw} carries.
 */
public record ReceiptEmail(String receiptId, List<String> to, String subject, String text, String html,
        byte[] rfc822) {

    /** The message as Gmail's {@code users.messages.send} takes it: base64url of the RFC 822 bytes in {@code raw}. */
    public Message toGmailMessage() {
        return new Message().encodeRaw(rfc822);
    }
}
