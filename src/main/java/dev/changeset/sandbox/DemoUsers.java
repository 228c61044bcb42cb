package dev.changeset.sandbox;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The sandbox's people. Each stands for a case the server must handle: a fully connected user, one who never
 * connected Google, one who granted Google read-only, one whose Google grant was revoked, and a second approver
 * for four-eyes changes.
 */
public final class DemoUsers {

    public static final String SHEETS = "https://www.googleapis.com/auth/spreadsheets";
    public static final String SHEETS_READONLY = "https://www.googleapis.com/auth/spreadsheets.readonly";
    public static final String GMAIL_SEND = "https://www.googleapis.com/auth/gmail.send";

    /** What the user did when connecting Google in Auth0's Connected Accounts. */
    public enum GoogleConnection {
        CONNECTED, NOT_CONNECTED, REVOKED
    }

    /** One demo person. {@code handle} is the short name tests and the Guardian page use. */
    public record DemoUser(String handle, String subject, String email, String name, GoogleConnection google,
            Set<String> googleScopes, boolean guardianEnrolled) {
    }

    public static final DemoUser ALICE = new DemoUser("alice", "auth0|alice", "alice@example.com", "Alice Merchant",
            GoogleConnection.CONNECTED, Set.of(SHEETS_READONLY, SHEETS, GMAIL_SEND), true);
    public static final DemoUser BOB = new DemoUser("bob", "auth0|bob", "bob@example.com", "Bob Newcomer",
            GoogleConnection.NOT_CONNECTED, Set.of(), true);
    public static final DemoUser CAROL = new DemoUser("carol", "auth0|carol", "carol@example.com", "Carol Analyst",
            GoogleConnection.CONNECTED, Set.of(SHEETS_READONLY), true);
    public static final DemoUser DAVE = new DemoUser("dave", "auth0|dave", "dave@example.com", "Dave Approver",
            GoogleConnection.CONNECTED, Set.of(SHEETS_READONLY, SHEETS, GMAIL_SEND), true);
    public static final DemoUser ERIN = new DemoUser("erin", "auth0|erin", "erin@example.com", "Erin Revoked",
            GoogleConnection.REVOKED, Set.of(SHEETS_READONLY, SHEETS, GMAIL_SEND), true);

    /**
     * Connected like alice but never enrolled in Guardian push: Auth0 sends her CIBA requests by email instead
     * ("If the user is not enrolled to use MFA push notifications, Auth0 falls back to using email notifications, if
     * configured", https://auth0.com/docs/get-started/applications/configure-client-initiated-backchannel-authentication).
     */
    public static final DemoUser FRANK = new DemoUser("frank", "auth0|frank", "frank@example.com", "Frank Fieldwork",
            GoogleConnection.CONNECTED, Set.of(SHEETS_READONLY, SHEETS, GMAIL_SEND), false);

    public static final List<DemoUser> ALL = List.of(ALICE, BOB, CAROL, DAVE, ERIN, FRANK);

    private DemoUsers() {
    }

    /** A user by handle ({@code alice}) or subject ({@code auth0|alice}). */
    public static Optional<DemoUser> find(String handleOrSubject) {
        return ALL.stream()
                .filter(u -> u.handle().equals(handleOrSubject) || u.subject().equals(handleOrSubject))
                .findFirst();
    }
}
