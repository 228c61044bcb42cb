package dev.changeset.policy;

/**
 * The policy could not decide: an error inside the rules, a write no rule classified, or a fact the rules need
 * is missing. No decision means no write: callers must stop the changeset, never fall back to a default tier.
 */
public class PolicyUnavailableException extends RuntimeException {

    public PolicyUnavailableException(String message) {
        super(message);
    }

    public PolicyUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
