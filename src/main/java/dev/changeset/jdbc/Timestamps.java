package dev.changeset.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Instants to and from {@code TIMESTAMP WITH TIME ZONE} columns, the same way in every store (H2 and PostgreSQL both
 * map such a column to {@link OffsetDateTime}; we always write UTC).
 */
public final class Timestamps {

    private Timestamps() {
    }

    /** The parameter to bind for {@code instant}. */
    public static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    /** The instant in {@code column}, or null when the column is NULL. */
    public static Instant instant(ResultSet row, String column) throws SQLException {
        OffsetDateTime t = row.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    /** The instant in column {@code index} (1-based), or null when the column is NULL. */
    public static Instant instant(ResultSet row, int index) throws SQLException {
        OffsetDateTime t = row.getObject(index, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
