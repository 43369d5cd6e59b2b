package io.tidemark.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidemark.cli.options.ExitCodes;
import io.tidemark.core.report.Report;
import io.tidemark.core.report.ReportJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input never stops {@code tidemark local}: the input is read as bytes, a line that is not UTF-8 (or holds
 * NUL bytes, or is random bytes) is one rejected line — named with its number on the console, in
 * {@code --rejects} and in the report, with its bytes — and every other line is processed: the views are the
 * sample's own, and accepted + duplicates + rejected + late add up to the lines read. Line ends of Windows, a
 * byte order mark and a last line without a line break are no faults at all.
 */
class LocalBadInputTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SAMPLE = Path.of("..", "events", "samples", "cart-abandonment.jsonl");
    private static final Path EXPECTED = Path.of("..", "events", "samples", "cart-abandonment.expected.json");

    @TempDir
    Path dir;

    @Test
    void aLineThatIsNotUtf8IsRejectedWithItsNumberAndBytesAndTheOtherLinesGoOn() throws IOException {
        byte[] bad = "{\"event_id\":\"a\",\"page\":\"/\u00ff\"}".getBytes(StandardCharsets.ISO_8859_1); // 0xFF: never UTF-8
        List<byte[]> lines = sampleLines();
        lines.add(1, bad);

        Run run = local(join(lines, "\n", true));

        assertThat(run.result.exit()).as(run.result.err()).isZero();
        assertThat(run.result.err()).contains("tidemark local: line 2: rejected: ").doesNotContain("MalformedInput");
        assertThat(run.rejects).hasSize(1);
        assertThat(run.rejects.get(0).get("line").asLong()).isEqualTo(2);
        assertThat(run.rejects.get(0).get("data_base64").asText()).isEqualTo(Base64.getEncoder().encodeToString(bad));
        assertThat(run.reportLines).isEqualTo(run.rejects);
        run.assertSampleViewsWithRejected(1, lines.size());
    }

    @Test
    void aHundredKilobytesOfRandomBytesAreRejectedLineByLineAndTheSampleStillGoesThrough() throws IOException {
        byte[] noise = new byte[100_000];
        new Random(19).nextBytes(noise);
        ByteArrayOutputStream input = new ByteArrayOutputStream();
        byte[] sample = join(sampleLines(), "\n", true);
        input.writeBytes(sample);
        input.writeBytes(noise);
        input.write('\n');
        long sampleLines = sampleLines().size();
        long noiseLines = nonBlankLines(noise);

        Run run = local(input.toByteArray());

        assertThat(run.result.exit()).as(run.result.err()).isZero();
        assertThat(noiseLines).as("random bytes hold line breaks").isGreaterThan(100);
        assertThat(run.rejects).hasSize((int) noiseLines);
        assertThat(run.rejects).allSatisfy(r -> assertThat(r.get("line").asLong()).isGreaterThan(sampleLines));
        assertThat(run.result.err()).contains("more rejected or late lines (all in " + run.rejectsFile + ")");
        run.assertSampleViewsWithRejected(noiseLines, sampleLines + noiseLines);
    }

    @Test
    void nulBytesInALineRejectThatLineOnly() throws IOException {
        List<byte[]> lines = sampleLines();
        byte[] withNul = new String(lines.get(2), StandardCharsets.UTF_8).replace("\"u3\"", "\"u\u00003\"").getBytes(StandardCharsets.UTF_8);
        assertThat(withNul).contains((byte) 0);
        lines.add(3, withNul);

        Run run = local(join(lines, "\n", true));

        assertThat(run.result.exit()).as(run.result.err()).isZero();
        assertThat(run.rejects).hasSize(1);
        assertThat(run.rejects.get(0).get("line").asLong()).isEqualTo(4);
        assertThat(run.result.err()).contains("tidemark local: line 4: rejected: ");
        run.assertSampleViewsWithRejected(1, lines.size());
    }

    @Test
    void windowsLineEndsAByteOrderMarkAndALastLineWithoutALineBreakAreNoFaults() throws IOException {
        ByteArrayOutputStream input = new ByteArrayOutputStream();
        input.writeBytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        input.writeBytes(join(sampleLines(), "\r\n", false));

        Run run = local(input.toByteArray());

        assertThat(run.result.exit()).as(run.result.err()).isZero();
        assertThat(run.rejects).isEmpty();
        run.assertSampleViewsWithRejected(0, sampleLines().size());
    }

    @Test
    void aDirectoryAsInputIsOneLineNamingTheOptionAndExitCodeOne() {
        Cli.Result result = Cli.run("local", "--input", dir.toString(), "--quiet");

        assertThat(result.exit()).isEqualTo(ExitCodes.ERROR);
        assertThat(result.err().strip().lines().toList()).hasSize(1);
        assertThat(result.err()).contains("--input " + dir + " is a directory: give a JSON Lines file").doesNotContain("IOException");
    }

    @Test
    void inputAndGenerateTogetherAreABadUsageThatSaysSo() {
        Cli.Result result = Cli.run("local", "--input", SAMPLE.toString(), "--generate");

        assertThat(result.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("give --input FILE or --generate, not both").contains("Try 'tidemark local --help'");
        assertThat(result.err().strip().lines().toList()).hasSize(2);
    }

    private Run local(byte[] input) throws IOException {
        Path file = dir.resolve("input.jsonl");
        Files.write(file, input);
        Path report = dir.resolve("report.json");
        Path rejects = dir.resolve("rejects.jsonl");
        Cli.Result result = Cli.run("local", "--input", file.toString(), "--report", report.toString(), "--rejects", rejects.toString());
        Cli.Result json = Cli.run("local", "--input", file.toString(), "--json");
        JsonNode summary = JSON.readTree(json.err().strip().lines().reduce((a, b) -> b).orElseThrow());
        List<JsonNode> rejected = new ArrayList<>();
        for (String line : Files.readAllLines(rejects, StandardCharsets.UTF_8)) {
            rejected.add(JSON.readTree(line));
        }
        JsonNode written = JSON.readTree(report.toFile());
        List<JsonNode> inReport = new ArrayList<>();
        written.get("quarantined_lines").forEach(inReport::add);
        return new Run(result, summary, ReportJson.read(Files.readString(report)), rejected, inReport, rejects);
    }

    private record Run(Cli.Result result, JsonNode summary, Report report, List<JsonNode> rejects, List<JsonNode> reportLines, Path rejectsFile) {

        /** The sample's views, its counts with {@code rejected} more rejected lines, and every line read counted once. */
        void assertSampleViewsWithRejected(long rejected, long linesRead) throws IOException {
            Report sample = ReportJson.read(Files.readString(EXPECTED));
            Report.Counts c = sample.counts();
            Report expected = new Report(sample.revenuePerHour(), sample.activeUsers(), sample.sessions(), sample.cartAbandonments(),
                    sample.adAttribution(), sample.revenuePerHourByTier(), new Report.Counts(c.accepted(), c.duplicates(), c.rejected() + rejected, c.late()));
            assertThat(report).isEqualTo(expected);
            Report.Counts counts = report.counts();
            assertThat(counts.accepted() + counts.duplicates() + counts.rejected() + counts.late()).as("every line read counted once")
                    .isEqualTo(linesRead);
            assertThat(summary.get("records").asLong()).as("--json summary: records read").isEqualTo(linesRead);
            assertThat(summary.get("rejected").asLong()).isEqualTo(c.rejected() + rejected);
        }
    }

    private static List<byte[]> sampleLines() throws IOException {
        List<byte[]> lines = new ArrayList<>();
        for (String line : Files.readAllLines(SAMPLE, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                lines.add(line.getBytes(StandardCharsets.UTF_8));
            }
        }
        return lines;
    }

    private static byte[] join(List<byte[]> lines, String lineEnd, boolean endWithLineBreak) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < lines.size(); i++) {
            out.writeBytes(lines.get(i));
            if (i < lines.size() - 1 || endWithLineBreak) {
                out.writeBytes(lineEnd.getBytes(StandardCharsets.US_ASCII));
            }
        }
        return out.toByteArray();
    }

    /** Lines of {@code bytes} split at {@code \n}, without a {@code \r} before it, that hold more than spaces and tabs. */
    private static long nonBlankLines(byte[] bytes) {
        long n = 0;
        int start = 0;
        for (int i = 0; i <= bytes.length; i++) {
            if (i == bytes.length || bytes[i] == '\n') {
                int end = i > start && bytes[i - 1] == '\r' ? i - 1 : i;
                boolean blank = true;
                for (int j = start; j < end && blank; j++) {
                    blank = bytes[j] == ' ' || bytes[j] == '\t';
                }
                if (!blank) {
                    n++;
                }
                start = i + 1;
            }
        }
        return n;
    }
}
