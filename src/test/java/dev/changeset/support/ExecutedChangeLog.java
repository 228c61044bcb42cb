package dev.changeset.support;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import io.quarkus.arc.Arc;
import io.quarkus.arc.ArcContainer;
import io.quarkus.arc.InstanceHandle;

/**
 * The server's record of the changes it executed (table {@code executed_change}, read by the drift rules). A sandbox
 * reset puts the sheet back to its seed; the record of changes made to the sheet before goes with it, or a later test
 * class in the same JVM would be judged from a price an earlier one started from (the world the record describes is
 * gone). Only when the server runs in this JVM ({@code @QuarkusTest}); a packaged application keeps its own.
 */
public final class ExecutedChangeLog {

    private ExecutedChangeLog() {
    }

    /** Forgets every executed change, when the application runs in this JVM. */
    public static void forget() {
        ArcContainer arc = Arc.container();
        if (arc == null || !arc.isRunning()) {
            return;
        }
        try (InstanceHandle<DataSource> db = arc.instance(DataSource.class)) {
            if (!db.isAvailable()) {
                return;
            }
            for (int attempt = 1; ; attempt++) {
                try (Connection c = db.get().getConnection(); Statement s = c.createStatement()) {
                    s.executeUpdate("DELETE FROM executed_change");
                    return;
                } catch (SQLException e) { // a fault test may have cut the pool's sessions: a fresh one answers
                    if (attempt == 5) {
                        throw new IllegalStateException("the executed changes could not be forgotten", e);
                    }
                }
            }
        }
    }
}
