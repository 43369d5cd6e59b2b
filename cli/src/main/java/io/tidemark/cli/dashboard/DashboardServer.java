package io.tidemark.cli.dashboard;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The dashboard's HTTP server (the JDK's, on a thread pool of its own: an open server-sent-events stream holds a
 * pool thread, never the dispatcher, so it blocks no other request). Routes: {@code /} the page, {@code /assets/…}
 * its script, style and uPlot (from the uPlot WebJar in this jar), {@code /api/snapshot} the latest snapshot as JSON
 * and {@code /api/events} the same as a server-sent-events stream, one event per poll. Read-only: GET and HEAD only.
 * Every response carries a Content-Security-Policy that allows scripts, styles and connections from this origin
 * only.
 */
public final class DashboardServer implements AutoCloseable {

    /** Server-sent-events streams open at once; one more is refused (503) so that page loads always find a thread. */
    static final int MAX_STREAMS = 16;
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
            + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    private static final Duration HEARTBEAT = Duration.ofSeconds(15);
    private static final String WEB = "/io/tidemark/cli/dashboard/web/";
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8", "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8", "json", "application/json");

    private final HttpServer server;
    private final ExecutorService pool;
    private final SnapshotFeed feed;
    private final RequestGuard guard;
    private final Semaphore streams = new Semaphore(MAX_STREAMS);
    private final Map<String, String> assets;

    private DashboardServer(HttpServer server, ExecutorService pool, SnapshotFeed feed, RequestGuard guard) {
        this.server = server;
        this.pool = pool;
        this.feed = feed;
        this.guard = guard;
        String uplot = "/META-INF/resources/webjars/uplot/" + uplotVersion() + "/dist/";
        this.assets = Map.of("/", WEB + "index.html", "/assets/dashboard.js", WEB + "dashboard.js", "/assets/dashboard.css", WEB + "dashboard.css",
                "/assets/uPlot.iife.min.js", uplot + "uPlot.iife.min.js", "/assets/uPlot.min.css", uplot + "uPlot.min.css");
    }

    /**
     * Starts serving {@code feed} on {@code bind}:{@code port} (0: any free port).
     *
     * @param token      the access token, required beyond loopback ({@code null}: none)
     * @param extraHosts further names the {@code Host} header may carry (a DNS name of this machine)
     */
    public static DashboardServer start(SnapshotFeed feed, InetAddress bind, int port, String token, List<String> extraHosts) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(bind, port), 0);
        RequestGuard guard = RequestGuard.forServer(bind, server.getAddress().getPort(), token, extraHosts);
        ThreadPoolExecutor pool = new ThreadPoolExecutor(MAX_STREAMS + 4, MAX_STREAMS + 4, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "dashboard-http");
            t.setDaemon(true);
            return t;
        });
        pool.allowCoreThreadTimeOut(true);
        server.setExecutor(pool);
        DashboardServer dashboard = new DashboardServer(server, pool, feed, guard);
        server.createContext("/", dashboard::handle);
        server.start();
        return dashboard;
    }

    /** The port listened on. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** The address to open: loopback's when bound to it or to every interface. */
    public String url(String token) {
        InetAddress a = server.getAddress().getAddress();
        String host = a.isAnyLocalAddress() || a.isLoopbackAddress() ? "127.0.0.1"
                : a.getHostAddress().contains(":") ? "[" + a.getHostAddress() + "]" : a.getHostAddress();
        return "http://" + host + ":" + port() + "/" + (token == null ? "" : "?token=" + token);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            var headers = exchange.getResponseHeaders();
            headers.set("Content-Security-Policy", CSP);
            headers.set("X-Content-Type-Options", "nosniff");
            headers.set("Referrer-Policy", "no-referrer");
            headers.set("Cache-Control", "no-store");
            String method = exchange.getRequestMethod();
            if (!guard.hostAllowed(exchange.getRequestHeaders())) {
                text(exchange, 403, "Host header not allowed: open the URL that tidemark dashboard printed (DNS-rebinding protection).");
                return;
            }
            if (!method.equals("GET") && !method.equals("HEAD")) {
                headers.set("Allow", "GET, HEAD");
                text(exchange, 405, "the dashboard is read-only: GET and HEAD only");
                return;
            }
            String path = exchange.getRequestURI().getPath();
            String query = exchange.getRequestURI().getRawQuery();
            if (path.equals("/") && query != null && query.startsWith("token=") && guard.requiresToken()) {
                if (guard.matches(java.net.URLDecoder.decode(query.substring(6), StandardCharsets.UTF_8))) {
                    headers.set("Set-Cookie", RequestGuard.COOKIE + "=" + query.substring(6) + "; Path=/; HttpOnly; SameSite=Strict");
                    headers.set("Location", "/");
                    exchange.sendResponseHeaders(303, -1);
                    return;
                }
                text(exchange, 401, "wrong access token: use the URL that tidemark dashboard printed");
                return;
            }
            if (!guard.authorized(exchange.getRequestHeaders())) {
                text(exchange, 401, "this dashboard needs its access token: open the URL that tidemark dashboard printed "
                        + "(…/?token=TOKEN), or send Authorization: Bearer TOKEN");
                return;
            }
            switch (path) {
                case "/api/snapshot" -> send(exchange, 200, TYPES.get("json"), feed.latest().json());
                case "/api/events" -> stream(exchange);
                default -> asset(exchange, path);
            }
        }
    }

    private void asset(HttpExchange exchange, String path) throws IOException {
        String resource = assets.get(path);
        if (resource == null) {
            text(exchange, 404, "no such page: " + path);
            return;
        }
        try (InputStream in = DashboardServer.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the dashboard's " + resource + " is missing from the jar: rebuild the CLI");
            }
            send(exchange, 200, TYPES.get(resource.substring(resource.lastIndexOf('.') + 1)), in.readAllBytes());
        }
    }

    /** One server-sent event per published snapshot, until the page goes away or the server stops. */
    private void stream(HttpExchange exchange) throws IOException {
        if (!streams.tryAcquire()) {
            text(exchange, 503, "too many open dashboard pages (" + MAX_STREAMS + "): close one, or poll /api/snapshot");
            return;
        }
        try {
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
            exchange.sendResponseHeaders(200, 0);
            if (exchange.getRequestMethod().equals("HEAD")) {
                return;
            }
            OutputStream out = exchange.getResponseBody();
            out.write("retry: 2000\n\n".getBytes(StandardCharsets.UTF_8));
            long version = -1;
            while (!Thread.currentThread().isInterrupted()) {
                SnapshotFeed.Published p = feed.awaitAfter(version, HEARTBEAT);
                if (p.version() == version) {
                    out.write(": heartbeat\n\n".getBytes(StandardCharsets.UTF_8));
                } else {
                    version = p.version();
                    out.write("event: snapshot\ndata: ".getBytes(StandardCharsets.UTF_8));
                    out.write(p.json()); // one line: the JSON is written without line breaks
                    out.write("\n\n".getBytes(StandardCharsets.UTF_8));
                }
                out.flush();
            }
        } catch (IOException e) {
            // The page went away.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            streams.release();
        }
    }

    private static void text(HttpExchange exchange, int status, String message) throws IOException {
        send(exchange, status, "text/plain; charset=utf-8", (message + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : body.length == 0 ? -1 : body.length);
        if (!head && body.length > 0) {
            exchange.getResponseBody().write(body);
        }
    }

    private static String uplotVersion() {
        try (InputStream in = DashboardServer.class.getResourceAsStream("/META-INF/maven/org.webjars.npm/uplot/pom.properties")) {
            if (in == null) {
                throw new IllegalStateException("the uPlot WebJar is not on the class path: rebuild the CLI");
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops serving (open streams end) and stops the pool. */
    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
        try {
            pool.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
