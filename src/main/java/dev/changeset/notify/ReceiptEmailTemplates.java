package dev.changeset.notify;

import java.util.List;
import java.util.stream.Collectors;

import com.google.common.html.HtmlEscapers;

import dev.changeset.audit.Outcome;
import dev.changeset.audit.Receipt;
import dev.changeset.audit.Receipt.Operation;
import dev.changeset.audit.ReceiptLog.ChainHead;
import dev.changeset.text.AssistantNote;
import dev.changeset.text.Printable;

/**
 * The subject and the two bodies of a receipt email, from receipt fields only. Written by hand rather than with a
 * template engine: two small fixed layouts, and one rule that matters, applied everywhere a value goes into HTML:
 * {@link #html(String)} escapes it. Every value in the subject and the text body stays on its line (characters that
 * are not printable become spaces), so no value can print a line that looks like one of the server's. The assistant's
 * note comes last, quoted and labelled as its words ({@link AssistantNote}), after the hashes and the chain head.
 */
final class ReceiptEmailTemplates {

    /** What the templates produce. */
    record Content(String subject, String text, String html) {
    }

    private ReceiptEmailTemplates() {
    }

    static Content render(Receipt r, ChainHead head, String link) {
        int changes = r.operations().stream().mapToInt(op -> op.changes().size()).sum();
        String subject = line("[" + r.changesetCode() + "] " + r.outcome() + ": " + changes + " change"
                + (changes == 1 ? "" : "s") + (r.outcome() == Outcome.SEALED ? " applied"
                        : ", nothing written"));
        return new Content(subject, text(r, head, link), html(r, head, link, subject));
    }

    private static String text(Receipt r, ChainHead head, String link) {
        StringBuilder t = new StringBuilder();
        t.append("Changeset ").append(r.changesetCode()).append(": ").append(r.outcome()).append('\n');
        t.append("Receipt ").append(r.receiptId()).append(" (#").append(r.sequence()).append("), sealed ")
                .append(r.timestamps().sealed()).append(", for ").append(line(r.subject()))
                .append(r.client() == null ? "" : " via " + line(r.client())).append("\n\nChanges:\n");
        for (Operation op : r.operations()) {
            for (Receipt.FieldChange c : op.changes()) {
                t.append("  ").append(line(op.sku())).append(' ').append(line(c.field())).append(": ")
                        .append(line(c.before())).append(" -> ").append(line(c.after())).append("  (")
                        .append(op.tier()).append(rules(op))
                        .append(verified(op)).append(")\n");
            }
        }
        t.append('\n').append(approval(r)).append('\n');
        if (r.verification() != null) {
            t.append("Read-back: ").append(r.verification().ok() ? "every written cell holds the written value"
                    : r.verification().mismatches().size() + " cell(s) differ").append('\n');
        }
        serverNotes(r).forEach(n -> t.append("Note: ").append(line(n)).append('\n'));
        t.append("\nReceipt hash:  ").append(r.hash()).append('\n');
        t.append("Previous hash: ").append(r.previousHash()).append('\n');
        t.append("Chain head:    ").append(head.hash()).append(" (receipt #").append(head.sequence())
                .append(", when this email was sent)\n\n");
        t.append("Keep this email: verify_audit_log with earlierHead=").append(head.hash())
                .append(" shows whether any receipt up to here was removed or altered since.\n");
        t.append("Canonical receipt (sha256 of it is the receipt hash): ").append(link).append('\n');
        assistantNotes(r).forEach(n -> t.append('\n').append(AssistantNote.LABEL).append(":\n  ")
                .append(AssistantNote.quoted(n)).append('\n'));
        return t.toString();
    }

    private static String html(Receipt r, ChainHead head, String link, String subject) {
        StringBuilder h = new StringBuilder("<!doctype html><html><body style=\"font-family:sans-serif\">");
        h.append("<h2>").append(html(subject)).append("</h2>");
        h.append("<p>Receipt <code>").append(html(r.receiptId())).append("</code> (#").append(r.sequence())
                .append("), sealed ").append(html(String.valueOf(r.timestamps().sealed()))).append(", for <code>")
                .append(html(r.subject())).append("</code>")
                .append(r.client() == null ? "" : " via <code>" + html(r.client()) + "</code>").append("</p>");
        h.append("<table border=\"1\" cellpadding=\"4\" cellspacing=\"0\"><tr><th>SKU</th><th>Field</th>"
                + "<th>Before</th><th>After</th><th>Tier</th><th>Rules</th><th>Verified</th></tr>");
        for (Operation op : r.operations()) {
            for (Receipt.FieldChange c : op.changes()) {
                h.append("<tr><td>").append(html(op.sku())).append("</td><td>").append(html(c.field()))
                        .append("</td><td>").append(html(c.before())).append("</td><td>").append(html(c.after()))
                        .append("</td><td>").append(html(op.tier())).append("</td><td>")
                        .append(html(String.join(", ", op.rulesFired()))).append("</td><td>")
                        .append(op.verified() == null ? "-" : op.verified() ? "yes" : "NO").append("</td></tr>");
            }
        }
        h.append("</table><p>").append(html(approval(r))).append("</p>");
        if (r.verification() != null && !r.verification().ok()) {
            h.append("<p><strong>Read-back: ").append(r.verification().mismatches().size())
                    .append(" cell(s) differ from what was written.</strong></p>");
        }
        for (String note : serverNotes(r)) {
            h.append("<p>Note: ").append(html(note)).append("</p>");
        }
        h.append("<p>Receipt hash: <code>").append(html(r.hash())).append("</code><br>Previous hash: <code>")
                .append(html(r.previousHash())).append("</code><br>Chain head: <code>").append(html(head.hash()))
                .append("</code> (receipt #").append(head.sequence()).append(", when this email was sent)</p>");
        h.append("<p>Keep this email: <code>verify_audit_log</code> with <code>earlierHead</code> = the chain head "
                + "shows whether any receipt up to here was removed or altered since. <a href=\"")
                .append(html(link)).append("\">Canonical receipt</a> (its SHA-256 is the receipt hash).</p>");
        for (String note : assistantNotes(r)) {
            h.append("<hr><p style=\"color:#555\"><em>").append(html(AssistantNote.LABEL)).append(":</em><br>")
                    .append(html(AssistantNote.quoted(note))).append("</p>");
        }
        return h.append("</body></html>").toString();
    }

    private static String rules(Operation op) {
        return op.rulesFired().isEmpty() ? "" : "; rules: " + String.join(", ", op.rulesFired());
    }

    private static String verified(Operation op) {
        return op.verified() == null ? "" : op.verified() ? "; verified" : "; NOT verified";
    }

    private static String approval(Receipt r) {
        if (r.approval() == null) {
            return "Approval: none needed (tier decided automatically).";
        }
        List<Receipt.Approver> approvers = r.approval().approvers();
        String who = approvers.stream().map(a -> a.subject() + " " + a.outcome()).collect(Collectors.joining(", "));
        return "Approval: " + r.approval().outcome() + (who.isEmpty() ? "" : " (" + who + ")")
                + (r.approval().durationMillis() == null ? "" : " after " + r.approval().durationMillis() / 1000.0
                        + " s");
    }

    /** Escapes text for HTML content and attribute values (Guava's escaper: & < > " ' as entities). */
    static String html(String value) {
        return value == null ? "" : HtmlEscapers.htmlEscaper().escape(value);
    }

    /** The server's own notes (what went wrong, in words), in their order. */
    private static List<String> serverNotes(Receipt r) {
        return r.notes().stream().filter(n -> !AssistantNote.isLabelled(n)).toList();
    }

    /** The assistant's note(s), without their label: shown last, quoted and labelled, apart from the facts. */
    private static List<String> assistantNotes(Receipt r) {
        return r.notes().stream().filter(AssistantNote::isLabelled).map(AssistantNote::unlabelled).toList();
    }

    /** A value on one visible line: a sheet cell or a note must never start a line of its own in the text body. */
    private static String line(String value) {
        return value == null ? "null" : Printable.oneLine(value);
    }
}
