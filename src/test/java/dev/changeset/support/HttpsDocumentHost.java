package dev.changeset.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PfxOptions;

/**
 * An HTTPS site of its own, such as an MCP client's publisher hosting its Client ID Metadata Document at
 * {@code https://<host>/...}: a self-signed certificate for {@code host} made with the JDK's {@code keytool}, and a
 * Vert.x server on {@code 127.0.0.1} answering each path with what the test put there. The sandbox reaches it
 * through {@code POST /sandbox/network/hosts} (where the host is, which certificate to trust).
 */
public final class HttpsDocumentHost implements AutoCloseable {

    /** One answer: status, headers and body. */
    public record Answer(int status, Map<String, String> headers, String body) {
        public static Answer json(String body) {
            return new Answer(200, Map.of("Content-Type", "application/json"), body);
        }
    }

    private final String host;
    private final String certificatePem;
    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();

    public HttpsDocumentHost(String host) throws IOException, InterruptedException {
        this.host = host;
        Path dir = Files.createTempDirectory("https-host");
        Path store = dir.resolve("host.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        run(List.of(keytool, "-genkeypair", "-alias", "site", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=" + host, "-ext", "SAN=dns:" + host, "-storetype", "PKCS12", "-keystore",
                store.toString(), "-storepass", "changeit", "-keypass", "changeit"));
        Path pem = dir.resolve("host.pem");
        run(List.of(keytool, "-exportcert", "-rfc", "-alias", "site", "-keystore", store.toString(), "-storepass",
                "changeit", "-file", pem.toString()));
        this.certificatePem = Files.readString(pem);
        HttpServerOptions options = new HttpServerOptions().setSsl(true).setHost("127.0.0.1").setPort(0)
                .setKeyCertOptions(new PfxOptions().setPath(store.toString()).setPassword("changeit"));
        try {
            this.server = vertx.createHttpServer(options).requestHandler(request -> {
                Answer answer = answers.get(request.path());
                if (answer == null) {
                    request.response().setStatusCode(404).end();
                    return;
                }
                answer.headers().forEach(request.response()::putHeader);
                request.response().setStatusCode(answer.status()).end(answer.body());
            }).listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            vertx.close();
            throw new IllegalStateException("the HTTPS host could not start", e);
        }
    }

    /** Answers {@code path} with {@code answer} from now on. */
    public void put(String path, Answer answer) {
        answers.put(path, answer);
    }

    /** {@code https://<host><path>}, the URL as the world names it (the sandbox is told where the host is). */
    public String url(String path) {
        return "https://" + host + path;
    }

    /** What {@code POST /sandbox/network/hosts} takes to reach this host. */
    public Map<String, Object> sandboxHostEntry() {
        return Map.of("host", host, "address", "127.0.0.1:" + server.actualPort(), "certificate", certificatePem);
    }

    @Override
    public void close() {
        server.close();
        vertx.close();
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(command.get(1) + " failed: " + output);
        }
    }
}
