package dev.changeset.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The route inventory in {@code docs/routes.md}, as the tests read it: the "Routes" table (one row per route of the
 * application's two routers and per Quarkus REST endpoint: port, path, methods, who calls it, which check guards it,
 * what a caller without a token gets, the Ingress rule that routes it) and the "Filters" table (handlers on every path
 * of a port, in their order). {@code RouteInventoryTest} holds both to the running application and
 * {@code KubernetesManifestsTest} holds the Ingress to the last column.
 */
public record RouteTable(List<Route> routes, List<Filter> filters) {

    public static final Path FILE = Path.of("docs/routes.md");

    /** One row of "Routes"; {@code ingress} is "no" or a rule such as "Exact /mcp", "Prefix /receipts". */
    public record Route(String port, String path, String methods, String caller, String guard, String withoutToken,
            String ingress) {

        /** What identifies a route: its port, its path as written in the table, its methods. */
        public String key() {
            return port + " " + path + " " + methods;
        }

        /** The Ingress rule that routes it to the world, if any. */
        public Optional<IngressRule> ingressRule() {
            if (ingress.equals("no")) {
                return Optional.empty();
            }
            String[] parts = ingress.split(" ");
            if (parts.length != 2 || !List.of("Exact", "Prefix").contains(parts[0])) {
                throw new IllegalArgumentException(FILE + ": Ingress cell '" + ingress + "' of " + key()
                        + " is neither 'no' nor 'Exact <path>' nor 'Prefix <path>'");
            }
            return Optional.of(new IngressRule(parts[0], parts[1]));
        }
    }

    /** An Ingress path rule: its pathType and path. */
    public record IngressRule(String pathType, String path) {
    }

    /** One row of "Filters": a handler that runs on every path of a port, at its order (lower runs first). */
    public record Filter(String port, String handler, int order, String what) {

        public String key() {
            return port + " " + handler + " @" + order;
        }
    }

    public static RouteTable read() {
        try {
            List<String> lines = Files.readAllLines(FILE);
            List<Route> routes = cells(lines, "## Routes", 7).stream()
                    .map(c -> new Route(c[0], c[1], c[2], c[3], c[4], c[5], c[6])).toList();
            List<Filter> filters = cells(lines, "## Filters", 4).stream()
                    .map(c -> new Filter(c[0], c[1], Integer.parseInt(c[2]), c[3])).toList();
            return new RouteTable(routes, filters);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The body rows of the first table after {@code heading}, each cell trimmed and without backticks. */
    private static List<String[]> cells(List<String> lines, String heading, int columns) {
        int at = lines.indexOf(heading);
        if (at < 0) {
            throw new IllegalStateException(FILE + " has no heading '" + heading + "'");
        }
        List<String[]> rows = new ArrayList<>();
        int row = 0;
        for (int i = at + 1; i < lines.size() && !lines.get(i).startsWith("## "); i++) {
            String line = lines.get(i);
            if (!line.startsWith("|")) {
                if (row > 0) {
                    break; // the table ended
                }
                continue;
            }
            if (row++ < 2) {
                continue; // header and separator
            }
            String[] cells = Arrays.stream(line.substring(1, line.length() - 1).split("\\|", -1))
                    .map(c -> c.strip().replace("`", "")).toArray(String[]::new);
            if (cells.length != columns) {
                throw new IllegalStateException(FILE + " line " + (i + 1) + " has " + cells.length + " cells, not "
                        + columns + ": " + line);
            }
            rows.add(cells);
        }
        return rows;
    }
}
