package io.tidemark.cli.dashboard;

import com.sun.net.httpserver.Headers;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Who may read the dashboard. The {@code Host} header must name this server (a loopback name, or for a wider bind
 * one of this machine's addresses or an allowed host name), so a page of another site that rebinds its DNS name to
 * 127.0.0.1 is refused. Beyond loopback an access token is required: the printed URL carries it once
 * ({@code ?token=}), the server turns it into a cookie (HttpOnly, SameSite=Strict); scripts send
 * {@code Authorization: Bearer TOKEN}.
 */
final class RequestGuard {

    static final String COOKIE = "tidemark_dashboard";

    private final Set<String> allowedHosts;
    private final byte[] token;

    private RequestGuard(Set<String> allowedHosts, String token) {
        this.allowedHosts = Set.copyOf(allowedHosts);
        this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
    }

    /** For a server on {@code bind}:{@code port}; {@code token} null on loopback only. */
    static RequestGuard forServer(InetAddress bind, int port, String token, List<String> extraHosts) {
        if (!bind.isLoopbackAddress() && token == null) {
            throw new IllegalArgumentException("--bind " + bind.getHostAddress() + " reaches beyond this machine: it needs an access token "
                    + "(--token TOKEN, or --token generate to have one made and printed)");
        }
        Set<String> names = new HashSet<>(List.of("localhost", "127.0.0.1", "[::1]"));
        if (!bind.isLoopbackAddress()) {
            names.add(hostLiteral(bind));
            if (bind.isAnyLocalAddress()) {
                names.addAll(localAddresses());
            }
        }
        extraHosts.forEach(h -> names.add(h.toLowerCase(Locale.ROOT)));
        Set<String> hosts = new HashSet<>();
        names.forEach(n -> hosts.add(n + ":" + port));
        return new RequestGuard(hosts, token);
    }

    /** A new random token (128 bits, URL-safe). */
    static String newToken() {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    boolean requiresToken() {
        return token != null;
    }

    /** Whether the Host header names this server. */
    boolean hostAllowed(Headers headers) {
        String host = headers.getFirst("Host");
        return host != null && allowedHosts.contains(host.trim().toLowerCase(Locale.ROOT));
    }

    /** Whether the request carries the token (always true without one). */
    boolean authorized(Headers headers) {
        if (token == null) {
            return true;
        }
        String auth = headers.getFirst("Authorization");
        if (auth != null && auth.startsWith("Bearer ") && matches(auth.substring(7).trim())) {
            return true;
        }
        for (String cookies : headers.getOrDefault("Cookie", List.of())) {
            for (String cookie : cookies.split(";")) {
                String c = cookie.trim();
                if (c.startsWith(COOKIE + "=") && matches(c.substring(COOKIE.length() + 1))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether {@code given} is the token (compared in constant time). */
    boolean matches(String given) {
        return token != null && given != null && MessageDigest.isEqual(token, given.getBytes(StandardCharsets.UTF_8));
    }

    private static String hostLiteral(InetAddress address) {
        String literal = address.getHostAddress();
        int zone = literal.indexOf('%');
        literal = zone >= 0 ? literal.substring(0, zone) : literal;
        return literal.contains(":") ? "[" + literal.toLowerCase(Locale.ROOT) + "]" : literal;
    }

    private static Set<String> localAddresses() {
        Set<String> names = new HashSet<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                    names.add(hostLiteral(a));
                }
            }
            InetAddress self = InetAddress.getLocalHost();
            names.add(self.getHostName().toLowerCase(Locale.ROOT));
            names.add(self.getCanonicalHostName().toLowerCase(Locale.ROOT));
        } catch (SocketException | java.net.UnknownHostException e) {
            // Only the loopback names, the bind address and --allow-host then.
        }
        return names;
    }
}
