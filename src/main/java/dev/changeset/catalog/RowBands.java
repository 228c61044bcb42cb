package dev.changeset.catalog;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * Rows to read, as few bands of consecutive rows as a batchGet's URL allows. A batchGet names each range in its URL
 * (https://developers.google.com/sheets/api/reference/rest/v4/spreadsheets.values/batchGet: {@code ranges} is a
 * query parameter), and front ends refuse long URLs (the sandbox at 4 KB, as Vert.x does by default; Google's
 * at more), so the ranges of one call stay within {@link #URL_BUDGET} bytes: rows next to each other share a band,
 * and while there are too many bands the two closest are merged (reading the few rows between them, which are
 * ignored). Reading a hundred rows spread over 50,000 thus costs a hundred-odd rows, never the sheet.
 */
public final class RowBands {

    /**
     * Bytes of URL-encoded {@code ranges=...} parameters one batchGet may carry: the Google client turns a GET whose
     * URL is longer than 2,048 characters into a POST with {@code X-HTTP-Method-Override} (its MethodOverride), so
     * the whole URL stays below that.
     */
    public static final int URL_BUDGET = 1_500;

    /** Rows {@code top..bottom}, 1-based, inclusive. */
    public record Band(int top, int bottom) {

        public boolean holds(int row) {
            return row >= top && row <= bottom;
        }
    }

    private RowBands() {
    }

    /** How many ranges of {@code quotedSheet}, rows up to {@code maxRow}, fit in {@code budget} bytes. */
    public static int fitting(String quotedSheet, int maxRow, int budget) {
        String widest = quotedSheet + "!ZZZ" + maxRow + ":ZZZ" + maxRow;
        int each = "&ranges=".length() + URLEncoder.encode(widest, StandardCharsets.UTF_8).length();
        return Math.max(1, budget / each);
    }

    /** {@code rows} (any order, repeats allowed) as at most {@code maxBands} bands, in sheet order. */
    public static List<Band> of(Collection<Integer> rows, int maxBands) {
        List<Band> bands = new ArrayList<>();
        for (int row : new TreeSet<>(rows)) {
            Band last = bands.isEmpty() ? null : bands.get(bands.size() - 1);
            if (last != null && row == last.bottom() + 1) {
                bands.set(bands.size() - 1, new Band(last.top(), row));
            } else {
                bands.add(new Band(row, row));
            }
        }
        while (bands.size() > Math.max(1, maxBands)) {
            int closest = 0;
            for (int i = 1; i < bands.size() - 1; i++) {
                if (gap(bands, i) < gap(bands, closest)) {
                    closest = i;
                }
            }
            bands.set(closest, new Band(bands.get(closest).top(), bands.get(closest + 1).bottom()));
            bands.remove(closest + 1);
        }
        return bands;
    }

    /** Rows between band {@code i} and the next. */
    private static int gap(List<Band> bands, int i) {
        return bands.get(i + 1).top() - bands.get(i).bottom();
    }
}
