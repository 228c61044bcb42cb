package dev.changeset.support;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Debian's nginx run as a process of the test (never the system service), on loopback, with its configuration and
 * every file it writes under {@code target/}. It routes like the Ingress in {@code k8s/base/ingress.yaml}: only the
 * paths of the Ingress column of {@code docs/routes.md} (which KubernetesManifestsTest holds the Ingress to; an
 * Exact rule is {@code location =}, a Prefix rule the path itself and everything below it, as ingress-nginx renders
 * them), anything else 404 from nginx; consistent hashing over the {@code Authorization} header
 * ({@code upstream-hash-by: "$http_authorization"} is {@code hash ... consistent} in ingress-nginx), buffering off, read timeout 330 s, bodies up to 2 MiB. Each answer
 * names the instance that served it in {@code X-Changeset-Upstream}, for the test to see where sessions went.
 */
public final class NginxProxy implements AutoCloseable {

    private static final List<String> WHERE = List.of("/usr/sbin/nginx", "/usr/bin/nginx", "/usr/local/sbin/nginx");

    private final Process process;
    private final int port;
    private final Path dir;

    private NginxProxy(Process process, int port, Path dir) {
        this.process = process;
        this.port = port;
        this.dir = dir;
    }

    /** What every routed location does: the Ingress' annotations as ingress-nginx renders them. */
    private static final String PROXIED = """
            proxy_pass http://changeset;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $http_host;
            proxy_buffering off;
            proxy_read_timeout 330s;
            proxy_send_timeout 330s;
            add_header X-Changeset-Upstream $upstream_addr always;
            """;

    /** The nginx binary, if one is installed. */
    public static Optional<Path> binary() {
        return WHERE.stream().map(Path::of).filter(Files::isExecutable).findFirst();
    }

    /** Starts nginx on {@code port} of 127.0.0.1 in front of the instances listening on {@code upstreamPorts}. */
    public static NginxProxy start(String name, int port, List<Integer> upstreamPorts)
            throws IOException, InterruptedException {
        Path nginx = binary().orElseThrow(() -> new IllegalStateException("nginx is not installed"));
        Path dir = Path.of("target", "nginx-" + name + "-" + port).toAbsolutePath();
        Files.createDirectories(dir.resolve("temp"));
        Path conf = dir.resolve("nginx.conf");
        Files.writeString(dir.resolve("proxied.conf"), PROXIED);
        Files.writeString(conf, config(dir, port, upstreamPorts));
        Process process = new ProcessBuilder(nginx.toString(), "-e", dir.resolve("error.log").toString(), "-p",
                dir.toString(), "-c", conf.toString(), "-g", "daemon off;")
                .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
        NginxProxy proxy = new NginxProxy(process, port, dir);
        proxy.awaitListening(Duration.ofSeconds(20));
        return proxy;
    }

    static String config(Path dir, int port, List<Integer> upstreamPorts) {
        String servers = upstreamPorts.stream().map(p -> "        server 127.0.0.1:" + p + " max_fails=1 fail_timeout=10s;")
                .collect(Collectors.joining("\n"));
        String temp = dir.resolve("temp").toString();
        String locations = RouteTable.read().routes().stream().flatMap(r -> r.ingressRule().stream()).distinct()
                .flatMap(rule -> rule.pathType().equals("Exact") ? Stream.of("= " + rule.path())
                        : Stream.of("= " + rule.path(), rule.path() + "/"))
                .map(location -> "        location " + location + " { include " + dir.resolve("proxied.conf") + "; }")
                .collect(Collectors.joining("\n"));
        return """
                worker_processes 1;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log warn;
                events { worker_connections 1024; }
                http {
                    log_format upstream '$remote_addr "$request" $status $upstream_addr $upstream_status $request_time';
                    access_log %1$s/access.log upstream;
                    client_body_temp_path %2$s/body;
                    proxy_temp_path %2$s/proxy;
                    fastcgi_temp_path %2$s/fastcgi;
                    uwsgi_temp_path %2$s/uwsgi;
                    scgi_temp_path %2$s/scgi;
                    upstream changeset {
                        hash $http_authorization consistent;
                %3$s
                        keepalive 16;
                    }
                    server {
                        listen 127.0.0.1:%4$d;
                        client_max_body_size 2m;
                %5$s
                        location / { return 404; }
                    }
                }
                """.formatted(dir, temp, servers, port, locations);
    }

    public String url() {
        return "http://localhost:" + port;
    }

    public Path accessLog() {
        return dir.resolve("access.log");
    }

    /** The access log's lines, each {@code addr "request" status upstream upstream_status time}. */
    public List<String> accessLines() throws IOException {
        try (Stream<String> lines = Files.lines(accessLog())) {
            return lines.toList();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy(); // SIGTERM: nginx's fast shutdown
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    private void awaitListening(Duration timeout) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("nginx exited: " + Files.readString(dir.resolve("stdout.log"))
                        + (Files.exists(dir.resolve("error.log")) ? Files.readString(dir.resolve("error.log")) : ""));
            }
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("nginx did not listen on " + port + " within " + timeout);
    }
}
