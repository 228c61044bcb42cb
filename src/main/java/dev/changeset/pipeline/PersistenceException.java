package dev.changeset.pipeline;

/** The database did not take or give what was asked. Callers must not report success after this. */
public class PersistenceException extends RuntimeException {

    public PersistenceException(String message, Throwable cause) {
        super(message, cause);
    }
}
