package dev.changeset.proof;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import dev.changeset.support.McpWire;
import io.vertx.core.json.JsonObject;

/**
 * HTTP/1.1 over a plain socket, so the request line carries the path byte for byte ({@code /mcp/.},
 * {@code /x/../mcp/}) and the {@code Host} header is the attacker's choice: what {@link java.net.http.HttpClient}
 * and RestAssured would normalise or refuse to send.
 */
final class RawHttp {

    /** A response: status, headers (lower-case names), body, and the JSON-RPC message in it if any. */
    record Answer(int status, Map<String, String> headers, String body) {

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        /** The JSON-RPC message: the JSON body, or the response event of an event stream, or null. */
        JsonObject json() {
            return McpWire.message(header("Content-Type"), body);
        }

        String brief() {
            String one = (status + " " + body).replace("\n", "\\n").replace("\r", "");
            return one.length() > 240 ? one.substring(0, 240) + "..." : one;
        }
    }

    private final String host;
    private final int port;

    RawHttp(String baseUrl) {
        URI uri = URI.create(baseUrl);
        this.host = uri.getHost();
        this.port = uri.getPort();
    }

    Answer send(String method, String path, Map<String, String> headers, String body) {
        return send(method, path, headers, body, 60_000);
    }

    /** As above; a response still streaming after {@code readMillis} (an event stream) is taken as read so far. */
    Answer send(String method, String path, Map<String, String> headers, String body, int readMillis) {
        byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        Map<String, String> all = new LinkedHashMap<>();
        all.put("Host", host + ":" + port);
        all.putAll(headers);
        all.put("Connection", "close");
        if (body != null) {
            all.put("Content-Length", String.valueOf(content.length));
        }
        StringBuilder head = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n");
        all.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        head.append("\r\n");
        try (Socket socket = new Socket(host, port)) {
            socket.setSoTimeout(readMillis);
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(content);
            out.flush();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = in.read(buffer)) != -1;) {
                    got.write(buffer, 0, n);
                }
            } catch (java.net.SocketTimeoutException stillStreaming) {
                // an open event stream: what arrived is the answer
            }
            return parse(got.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path, e);
        }
    }

    /** A JSON-RPC POST as an MCP client sends it. */
    Answer post(String path, String token, String session, String json) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", McpWire.JSON);
        headers.put("Accept", McpWire.ACCEPT);
        if (token != null) {
            headers.put("Authorization", "Bearer " + token);
        }
        if (session != null) {
            headers.put("Mcp-Session-Id", session);
        }
        return send("POST", path, headers, json);
    }

    /** Opens an MCP session on {@code /mcp} with {@code token} (initialize, then initialized); its id. */
    String open(String token) {
        Answer init = post("/mcp", token, null, initialize());
        String session = init.header("Mcp-Session-Id");
        if (init.status() != 200 || session == null) {
            throw new AssertionError("could not open a session on /mcp: " + init.brief());
        }
        post("/mcp", token, session, initialized());
        return session;
    }

    static String initialize() {
        return McpWire.INITIALIZE;
    }

    static String initialized() {
        return McpWire.INITIALIZED;
    }

    static String toolCall(String tool, JsonObject arguments) {
        return McpWire.toolCall(7, tool, arguments.encode());
    }

    private static Answer parse(byte[] raw) throws IOException {
        String all = new String(raw, StandardCharsets.ISO_8859_1);
        int split = all.indexOf("\r\n\r\n");
        if (split < 0) {
            throw new IOException("no HTTP response: " + all);
        }
        String[] lines = all.substring(0, split).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.merge(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                    lines[i].substring(colon + 1).trim(), (a, b) -> a + ", " + b);
        }
        byte[] rest = java.util.Arrays.copyOfRange(raw, split + 4, raw.length);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            rest = dechunk(rest);
        }
        return new Answer(status, headers, new String(rest, StandardCharsets.UTF_8));
    }

    private static byte[] dechunk(byte[] body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        InputStream in = new java.io.ByteArrayInputStream(body);
        while (true) {
            StringBuilder size = new StringBuilder();
            int c;
            while ((c = in.read()) != -1 && c != '\n') {
                if (c != '\r') {
                    size.append((char) c);
                }
            }
            if (c == -1 || size.isEmpty()) {
                return out.toByteArray();
            }
            int n = Integer.parseInt(size.toString().split(";")[0].trim(), 16);
            if (n == 0) {
                return out.toByteArray();
            }
            out.write(in.readNBytes(n));
            in.read(); // \r
            in.read(); // \n
        }
    }
}
