package dev.changeset.catalog;

import java.time.Instant;
import java.util.List;

/** The launch schedule as read: entries in sheet order and the cells that did not parse. */
public record LaunchSchedule(String spreadsheetId, String sheet, Instant readAt, List<LaunchEntry> entries,
        List<RowProblem> problems, String tokenExchangeId) {
}
