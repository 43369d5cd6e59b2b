package io.tidemark.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidemark.cli.options.ExitCodes;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The seed's event-sourcing principle (its bank account, 0 + 100 − 30 + 50 = 120: the balance at any
 * point is the replay of the events before it) on a cart, through the archive/replay code path:
 * {@code tidemark local} archives the events, {@code tidemark query cart --as-of} rebuilds the cart
 * from that archive at each instant.
 */
class PointInTimeQueryTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Path archive;

    @BeforeEach
    void archiveTheCartsEvents() throws Exception {
        Path input = dir.resolve("cart.jsonl");
        Files.write(input, List.of(
                "{\"event_id\":\"e1\",\"type\":\"add_to_cart\",\"user_id\":\"u1\",\"timestamp\":\"2026-11-23T10:00:00Z\",\"product_id\":\"p1\"}",
                "{\"event_id\":\"v1\",\"type\":\"page_view\",\"user_id\":\"u2\",\"timestamp\":\"2026-11-23T10:01:00Z\",\"page\":\"/\"}",
                "{\"event_id\":\"e2\",\"type\":\"add_to_cart\",\"user_id\":\"u1\",\"timestamp\":\"2026-11-23T10:05:00Z\",\"product_id\":\"p2\"}",
                "{\"event_id\":\"e3\",\"type\":\"remove_from_cart\",\"user_id\":\"u1\",\"timestamp\":\"2026-11-23T10:10:00Z\",\"product_id\":\"p1\"}",
                "{\"event_id\":\"e4\",\"type\":\"purchase\",\"user_id\":\"u1\",\"timestamp\":\"2026-11-23T10:15:00Z\",\"order_id\":\"o1\",\"amount\":19.90}",
                "{\"event_id\":\"e5\",\"type\":\"page_view\",\"user_id\":\"u1\",\"timestamp\":\"2026-11-23T11:00:00Z\",\"page\":\"/thanks\"}"),
                StandardCharsets.UTF_8);
        archive = dir.resolve("archive");
        assertThat(Tidemark.run("local", "--input", input.toString(), "--archive", archive.toString(), "--quiet")).isZero();
    }

    private JsonNode cartAsOf(String instant) throws Exception {
        Cli.Result r = Cli.run("query", "cart", "--user", "u1", "--as-of", instant, "--archive", archive.toString(), "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        return JSON.readTree(r.out());
    }

    @Test
    void theCartAsOfEachInstantIsWhatTheArchivedEventsSay() throws Exception {
        assertThat(cartAsOf("2026-11-23T09:59:59Z").get("carts")).isEmpty();
        JsonNode first = cartAsOf("2026-11-23T10:00:00Z");
        assertThat(first.get("status").asText()).isEqualTo("open");
        assertThat(first.at("/carts/0/products")).isEqualTo(JSON.readTree("{\"p1\":1}"));
        assertThat(cartAsOf("2026-11-23T10:07:00Z").at("/carts/0/products")).isEqualTo(JSON.readTree("{\"p1\":1,\"p2\":1}"));
        JsonNode removed = cartAsOf("2026-11-23T10:10:00Z");
        assertThat(removed.at("/carts/0/products")).isEqualTo(JSON.readTree("{\"p2\":1}"));
        assertThat(removed.at("/carts/0/last_activity").asText()).isEqualTo("2026-11-23T10:10:00Z");
        assertThat(removed.at("/carts/0/deadline").asText()).isEqualTo("2026-11-23T10:40:00Z");
        JsonNode bought = cartAsOf("2026-11-23T10:15:00Z");
        assertThat(bought.get("status").asText()).isEqualTo("no_open_cart");
        assertThat(bought.get("cart_events").asInt()).isEqualTo(4);
        assertThat(bought.at("/carts/0/outcome").asText()).isEqualTo("converted");
        assertThat(bought.at("/carts/0/closed_at").asText()).isEqualTo("2026-11-23T10:15:00Z");
    }

    @Test
    void sessionsAsOfAnInstantAndAsATable() throws Exception {
        Cli.Result json = Cli.run("query", "sessions", "--user", "u1", "--as-of", "2026-11-23T10:20:00Z", "--archive", archive.toString(), "--json");
        assertThat(json.exit()).as(json.err()).isZero();
        JsonNode s = JSON.readTree(json.out());
        assertThat(s.get("events").asInt()).isEqualTo(4);
        assertThat(s.at("/sessions/0/session_start").asText()).isEqualTo("2026-11-23T10:00:00Z");
        assertThat(s.at("/sessions/0/closed").asBoolean()).isFalse();
        Cli.Result later = Cli.run("query", "sessions", "--user", "u1", "--as-of", "2026-11-23T12:00:00Z", "--archive", archive.toString());
        assertThat(later.out()).contains("Sessions of u1 as of 2026-11-23T12:00:00Z (5 events up to then)")
                .contains("2026-11-23T10:00:00Z").contains("2026-11-23T11:00:00Z").contains("closed");
        Cli.Result table = Cli.run("query", "cart", "--user", "u1", "--as-of", "2026-11-23T10:12:00Z", "--archive", archive.toString());
        assertThat(table.out()).contains("Cart of u1 as of 2026-11-23T10:12:00Z (3 cart events up to then)").contains("open")
                .contains("p2 ×1").doesNotContain("p1 ×");
    }

    @Test
    void mistakesAreOneLineThatSaysWhatToGive() {
        Cli.Result noUser = Cli.run("query", "cart", "--as-of", "2026-11-23T10:00:00Z", "--archive", archive.toString());
        assertThat(noUser.exit()).isEqualTo(ExitCodes.ERROR);
        assertThat(noUser.err()).contains("cart needs --user USER_ID");
        Cli.Result wrongView = Cli.run("query", "revenue", "--as-of", "2026-11-23T10:00:00Z");
        assertThat(wrongView.exit()).isEqualTo(ExitCodes.ERROR);
        assertThat(wrongView.err()).contains("--as-of applies to cart and sessions");
        Cli.Result noArchive = Cli.run("query", "cart", "--user", "u1", "--archive", dir.resolve("nothing-here").toString());
        assertThat(noArchive.exit()).isEqualTo(ExitCodes.ERROR);
        assertThat(noArchive.err()).contains("no archive at");
    }
}
