package dev.changeset.notify;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.google.api.client.http.HttpResponseException;
import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.api.client.json.gson.GsonFactory;
import com.google.api.services.gmail.Gmail;
import com.google.api.services.gmail.model.Message;

import dev.changeset.telemetry.GoogleApiMeter;
import dev.changeset.vault.GoogleRefusal;
import io.quarkus.arc.Unremovable;

/**
 * Sends a message through Gmail's {@code users.messages.send} with a Google access token the Notifier got from
 * Token Vault. A thin adapter: one call, no retries of its own (a send whose answer was lost must not be sent
 * again blindly), every outcome a {@link SendOutcome}. The token is used for this one request and never logged.
 * Request bodies are gzip-compressed, as the Google client does by default and Gmail accepts.
 */
@ApplicationScoped
@Unremovable // the receipt emailing step (not wired yet) will inject it; kept so its configuration is read
public class GmailSender {

    private static final Logger LOG = Logger.getLogger(GmailSender.class);

    private final NetHttpTransport transport = new NetHttpTransport();
    private final NotifyConfig config;
    private final GoogleApiMeter meter;

    GmailSender(NotifyConfig config, GoogleApiMeter meter) {
        this.config = config;
        this.meter = meter;
    }

    /** Sends the email as the Google account {@code googleAccessToken} belongs to. */
    public SendOutcome send(String googleAccessToken, ReceiptEmail email) {
        int timeout = (int) config.gmailTimeout().toMillis();
        Gmail gmail = new Gmail.Builder(transport, GsonFactory.getDefaultInstance(), request -> {
            request.getHeaders().setAuthorization("Bearer " + googleAccessToken);
            request.setConnectTimeout(timeout);
            request.setReadTimeout(timeout);
            request.setNumberOfRetries(0);
            meter.watch(request);
        }).setRootUrl(config.gmailRootUrl().toString()).setApplicationName("commerce-changeset-mcp").build();
        try {
            Message sent = gmail.users().messages().send("me", email.toGmailMessage()).execute();
            LOG.infof("receipt %s emailed: Gmail message %s", email.receiptId(), sent.getId());
            return new SendOutcome.Sent(sent.getId(), sent.getThreadId());
        } catch (HttpResponseException e) { // GoogleJsonResponseException too
            return classify(email, GoogleRefusal.of(e, Instant.now()).orElseThrow());
        } catch (ConnectException | UnknownHostException | NoRouteToHostException e) {
            LOG.warnf("receipt %s not emailed: Gmail unreachable (%s)", email.receiptId(),
                    e.getClass().getSimpleName());
            return new SendOutcome.Failed(0, "Gmail could not be reached: " + e.getMessage());
        } catch (SocketTimeoutException e) {
            if (String.valueOf(e.getMessage()).contains("connect")) {
                return new SendOutcome.Failed(0, "Gmail could not be reached in time");
            }
            LOG.warnf("receipt %s: Gmail did not answer in time; the email may have been sent", email.receiptId());
            return new SendOutcome.Ambiguous("Gmail did not answer within " + config.gmailTimeout().toSeconds()
                    + " s; the email may have been sent");
        } catch (IOException e) {
            LOG.warnf("receipt %s: the connection to Gmail broke (%s); the email may have been sent",
                    email.receiptId(), e.getClass().getSimpleName());
            return new SendOutcome.Ambiguous("the connection to Gmail broke before it answered ("
                    + e.getMessage() + "); the email may have been sent");
        }
    }

    private static SendOutcome classify(ReceiptEmail email, GoogleRefusal refusal) {
        LOG.warnf("receipt %s not emailed: Gmail answered %d %s %s", email.receiptId(), refusal.status(),
                refusal.reason(), refusal.detailReason());
        if (refusal.rateLimited()) {
            return new SendOutcome.Limited(refusal.status(), refusal.reason(), refusal.shortMessage(),
                    refusal.retryAt());
        }
        if (refusal.status() >= 500) {
            return new SendOutcome.Failed(refusal.status(), refusal.shortMessage());
        }
        return new SendOutcome.Rejected(refusal.status(), refusal.reason().isEmpty() ? refusal.detailReason()
                : refusal.reason(), refusal.shortMessage(), refusal.scopeInsufficient());
    }
}
