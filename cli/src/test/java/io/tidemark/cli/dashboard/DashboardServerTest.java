package io.tidemark.cli.dashboard;

import io.tidemark.config.TableNames;
import io.tidemark.core.settings.EventTimeSettings;
import io.tidemark.dynamodb.StateStore;
import io.tidemark.dynamodb.WriteMeter;
import io.tidemark.local.store.InMemoryDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The dashboard's HTTP server over an empty embedded store: open event streams block no other request, the Host
 * header and the token are checked, every response carries the Content-Security-Policy, and it only reads.
 * Raw sockets, so the test sets the Host header itself as a rebinding page's browser would.
 */
class DashboardServerTest {

    private StateStore store;
    private LiveDashboard dashboard;
    private final List<Socket> sockets = new ArrayList<>();
    private final Map<Socket, BufferedReader> readers = new java.util.HashMap<>();

    @BeforeEach
    void tables() {
        InMemoryDatabase db = new InMemoryDatabase();
        store = StateStore.on(db.items(TableNames.forPrefix("dash"), new WriteMeter()));
        store.items().createTables();
    }

    @AfterEach
    void stop() throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
        if (dashboard != null) {
            dashboard.close();
        }
    }

    private LiveDashboard start(String token) throws IOException {
        dashboard = LiveDashboard.start(store, EventTimeSettings.defaults(), FailureQueue.NONE, Clock.systemUTC(),
                new LiveDashboard.Settings(InetAddress.getLoopbackAddress(), 0, token, List.of(), Duration.ofMillis(200)));
        return dashboard;
    }

    @Test
    void openEventStreamsDoNotBlockOtherRequests() throws Exception {
        start(null);
        for (int i = 0; i < DashboardServer.MAX_STREAMS; i++) {
            Socket s = open("GET", "/api/events", "127.0.0.1:" + dashboard.port(), Map.of());
            Response r = readHead(s);
            assertThat(r.status()).as("stream " + i).isEqualTo(200);
            assertThat(r.headers().get("content-type")).startsWith("text/event-stream");
            assertThat(readUntil(s, "event: snapshot")).as("stream " + i + " received a snapshot").isTrue();
        }
        Response extra = readHead(open("GET", "/api/events", "127.0.0.1:" + dashboard.port(), Map.of()));
        assertThat(extra.status()).as("one stream more than the bound").isEqualTo(503);

        long t0 = System.nanoTime();
        Response snapshot = get("/api/snapshot", "localhost:" + dashboard.port(), Map.of());
        assertThat(snapshot.status()).isEqualTo(200);
        assertThat(snapshot.body()).contains("\"as_of\"");
        Response page = get("/", "127.0.0.1:" + dashboard.port(), Map.of());
        assertThat(page.status()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("answered while every stream is open").isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void aForeignHostHeaderIsRefusedAndEveryResponseCarriesTheContentSecurityPolicy() throws Exception {
        start(null);
        Response rebound = get("/api/snapshot", "attacker.example:" + dashboard.port(), Map.of());
        assertThat(rebound.status()).isEqualTo(403);
        assertThat(rebound.body()).doesNotContain("as_of");
        assertThat(get("/api/snapshot", "127.0.0.1:1", Map.of()).status()).as("another port").isEqualTo(403);

        for (String path : List.of("/", "/assets/dashboard.js", "/assets/uPlot.iife.min.js", "/api/snapshot", "/nothing")) {
            Response r = get(path, "127.0.0.1:" + dashboard.port(), Map.of());
            assertThat(r.status()).as(path).isEqualTo(path.equals("/nothing") ? 404 : 200);
            assertThat(r.headers().get("content-security-policy")).as(path).contains("script-src 'self'").doesNotContain("unsafe");
            assertThat(r.headers().get("x-content-type-options")).isEqualTo("nosniff");
        }
        Response post = readHead(open("POST", "/api/snapshot", "127.0.0.1:" + dashboard.port(), Map.of("Content-Length", "0")));
        assertThat(post.status()).as("read-only").isEqualTo(405);
    }

    @Test
    void withATokenOnlyItsBearersGetIn() throws Exception {
        String token = LiveDashboard.newToken();
        start(token);
        String host = "127.0.0.1:" + dashboard.port();
        assertThat(dashboard.url()).endsWith("/?token=" + token);
        assertThat(get("/api/snapshot", host, Map.of()).status()).isEqualTo(401);
        assertThat(get("/", host, Map.of()).status()).isEqualTo(401);
        assertThat(get("/api/snapshot", host, Map.of("Authorization", "Bearer wrong-token-wrong-token")).status()).isEqualTo(401);
        assertThat(get("/api/snapshot", host, Map.of("Authorization", "Bearer " + token)).status()).isEqualTo(200);

        Response login = get("/?token=" + token, host, Map.of());
        assertThat(login.status()).isEqualTo(303);
        assertThat(login.headers().get("location")).isEqualTo("/");
        String cookie = login.headers().get("set-cookie");
        assertThat(cookie).contains("HttpOnly").contains("SameSite=Strict");
        assertThat(get("/", host, Map.of("Cookie", cookie.substring(0, cookie.indexOf(';')))).status()).isEqualTo(200);
        assertThat(get("/?token=nope", host, Map.of()).status()).isEqualTo(401);
    }

    @Test
    void beyondLoopbackATokenIsRequired() throws Exception {
        assertThatThrownBy(() -> RequestGuard.forServer(InetAddress.getByName("0.0.0.0"), 8321, null, List.of()))
                .hasMessageContaining("--token");
        RequestGuard guard = RequestGuard.forServer(InetAddress.getByName("0.0.0.0"), 8321, "t0123456789abcdef", List.of("dash.example"));
        com.sun.net.httpserver.Headers h = new com.sun.net.httpserver.Headers();
        h.add("Host", "dash.example:8321");
        assertThat(guard.hostAllowed(h)).isTrue();
        assertThat(guard.authorized(h)).isFalse();
    }

    // ---- raw HTTP/1.1

    record Response(int status, Map<String, String> headers, String body) {
    }

    private Socket open(String method, String path, String host, Map<String, String> headers) throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), dashboard.port());
        s.setSoTimeout(15_000);
        sockets.add(s);
        StringBuilder request = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: " + host + "\r\n");
        headers.forEach((k, v) -> request.append(k).append(": ").append(v).append("\r\n"));
        OutputStream out = s.getOutputStream();
        out.write(request.append("\r\n").toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
        return s;
    }

    private Response get(String path, String host, Map<String, String> headers) throws IOException {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put("Connection", "close");
        String all = new String(open("GET", path, host, h).getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int end = all.indexOf("\r\n\r\n");
        Response head = parseHead(all.substring(0, end).split("\r\n"));
        return new Response(head.status(), head.headers(), all.substring(end + 4));
    }

    private Response readHead(Socket s) throws IOException {
        BufferedReader in = reader(s);
        List<String> lines = new ArrayList<>();
        for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
            lines.add(line);
        }
        return parseHead(lines.toArray(String[]::new));
    }

    private static Response parseHead(String[] lines) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).trim().toLowerCase(java.util.Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        return new Response(Integer.parseInt(lines[0].split(" ")[1]), headers, "");
    }

    private boolean readUntil(Socket s, String marker) throws IOException {
        BufferedReader in = reader(s);
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (line.contains(marker)) {
                return true;
            }
        }
        return false;
    }

    /** One reader per socket: it buffers what it read ahead. */
    private BufferedReader reader(Socket s) throws IOException {
        BufferedReader r = readers.get(s);
        if (r == null) {
            r = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            readers.put(s, r);
        }
        return r;
    }
}
