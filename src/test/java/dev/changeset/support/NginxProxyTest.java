package dev.changeset.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

/**
 * The nginx that SeveralReplicasIT puts in front of the instances routes what the Ingress routes (the Ingress column
 * of docs/routes.md) and nothing else: asked over real HTTP in front of a stand-in upstream that records every path it
 * is sent. Skipped, saying why, where nginx is not installed (.ci/run installs it).
 */
class NginxProxyTest {

    @Test
    void only_the_ingress_paths_reach_the_upstream() throws Exception {
        Assumptions.assumeTrue(NginxProxy.binary().isPresent(), "nginx is not installed");
        List<String> reached = new ArrayList<>();
        HttpServer upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        upstream.createContext("/", exchange -> {
            synchronized (reached) {
                reached.add(exchange.getRequestURI().getPath());
            }
            byte[] body = "upstream".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        upstream.start();
        try (NginxProxy proxy = NginxProxy.start("routing", PackagedApp.freePort(),
                List.of(upstream.getAddress().getPort()))) {
            Map<String, Integer> expected = new TreeMap<>(Map.of("/mcp", 200, "/mcp/", 404, "/mcp/sse", 404,
                    "/mcp/messages/1", 404, "/.well-known/oauth-protected-resource/mcp", 200, "/connect/google", 200,
                    "/receipts/abc", 200, "/receiptsX", 404, "/q/metrics", 404, "/q/health/ready", 404));
            expected.put("/user-state/signal", 200);
            Map<String, Integer> got = new TreeMap<>();
            for (String path : expected.keySet()) {
                got.put(path, get(proxy.url() + path));
            }
            assertEquals(expected, got);
            synchronized (reached) {
                assertEquals(expected.entrySet().stream().filter(e -> e.getValue() == 200).map(Map.Entry::getKey)
                        .sorted().toList(), reached.stream().sorted().toList(), "paths the upstream was sent");
            }
        } finally {
            upstream.stop(0);
        }
    }

    private static int get(String url) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
