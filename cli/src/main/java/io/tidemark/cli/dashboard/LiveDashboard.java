package io.tidemark.cli.dashboard;

import io.tidemark.core.settings.EventTimeSettings;
import io.tidemark.core.view.ViewSettings;
import io.tidemark.dynamodb.StateStore;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * A running dashboard: the shared poll of one pipeline's tables ({@link SnapshotFeed}) served by a
 * {@link DashboardServer}. What {@code tidemark dashboard} and {@code tidemark local --dashboard} start.
 */
public final class LiveDashboard implements AutoCloseable {

    /**
     * Where and how to serve.
     *
     * @param bind       the address to listen on (loopback by default)
     * @param port       the port (0: any free one)
     * @param token      the access token ({@code null}: none; required beyond loopback)
     * @param extraHosts further names the Host header may carry
     * @param interval   how often the tables are read
     */
    public record Settings(InetAddress bind, int port, String token, List<String> extraHosts, Duration interval) {

        public static Settings loopback(int port) {
            return new Settings(InetAddress.getLoopbackAddress(), port, null, List.of(), Duration.ofSeconds(1));
        }
    }

    private final SnapshotFeed feed;
    private final DashboardServer server;
    private final String token;

    private LiveDashboard(SnapshotFeed feed, DashboardServer server, String token) {
        this.feed = feed;
        this.server = server;
        this.token = token;
    }

    /** Serves the views of {@code store}; {@code clock} is the pipeline's processing time (for lag and staleness). */
    public static LiveDashboard start(StateStore store, EventTimeSettings time, FailureQueue failureQueue, Clock clock, Settings settings)
            throws IOException {
        SnapshotFeed feed = new SnapshotFeed(store, ViewSettings.spec(), time.idleTimeout(), failureQueue, clock, settings.interval()).start();
        try {
            return new LiveDashboard(feed, DashboardServer.start(feed, settings.bind(), settings.port(), settings.token(), settings.extraHosts()),
                    settings.token());
        } catch (IOException | RuntimeException e) {
            feed.close();
            throw e;
        }
    }

    /** A new random access token (128 bits, URL-safe). */
    public static String newToken() {
        return RequestGuard.newToken();
    }

    /** The URL to open (with the token, when there is one). */
    public String url() {
        return server.url(token);
    }

    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.close();
        feed.close();
    }
}
