package io.tidemark.cli.customers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.tidemark.core.enrich.Customer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A customers file for the customers table: JSON Lines ({@code {"user_id":"u1","tier":"gold","region":"eu-west"}})
 * or CSV with a header row naming the columns {@code user_id}, {@code tier} and optionally
 * {@code region}. Every line is validated; each problem names the line, the field and the fix.
 * Extra fields and columns are ignored; a {@code user_id} given twice is a problem (which one should win?).
 */
public final class CustomerFile {

    public enum Format {
        JSONL, CSV;

        /** {@code .csv} is CSV; {@code .jsonl}, {@code .ndjson}, {@code .json} are JSON Lines; otherwise the first character decides. */
        static Format of(Path path, String firstLine) {
            String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
            if (name.endsWith(".csv")) {
                return CSV;
            }
            if (name.endsWith(".jsonl") || name.endsWith(".ndjson") || name.endsWith(".json")) {
                return JSONL;
            }
            return firstLine != null && firstLine.stripLeading().startsWith("{") ? JSONL : CSV;
        }
    }

    /** One invalid line. */
    public record Problem(long line, String message) {
        @Override
        public String toString() {
            return "line " + line + ": " + message;
        }
    }

    /** The valid customers in file order, and every problem. */
    public record Contents(Path path, Format format, List<Customer> customers, List<Problem> problems) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_USER_ID = 128;

    private CustomerFile() {
    }

    /** Reads and validates the whole file; {@code format} {@code null} detects it. */
    public static Contents read(Path path, Format format) throws IOException {
        String first;
        try (BufferedReader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            first = r.readLine();
            while (first != null && first.isBlank()) {
                first = r.readLine();
            }
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("no such file: " + path);
        }
        Format f = format != null ? format : Format.of(path, first);
        List<Customer> customers = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        Map<String, Long> seen = new HashMap<>();
        try (BufferedReader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            if (f == Format.JSONL) {
                readJsonLines(r, customers, problems, seen);
            } else {
                readCsv(r, customers, problems, seen);
            }
        }
        return new Contents(path, f, customers, problems);
    }

    private static void readJsonLines(BufferedReader r, List<Customer> out, List<Problem> problems, Map<String, Long> seen) throws IOException {
        String line;
        long n = 0;
        while ((line = r.readLine()) != null) {
            n++;
            if (line.isBlank()) {
                continue;
            }
            JsonNode node;
            try {
                node = JSON.readTree(line);
            } catch (JsonProcessingException e) {
                problems.add(new Problem(n, "not valid JSON: " + e.getOriginalMessage()));
                continue;
            }
            if (node == null || !node.isObject()) {
                problems.add(new Problem(n, "must be a JSON object such as {\"user_id\":\"u1\",\"tier\":\"gold\",\"region\":\"eu-west\"}"));
                continue;
            }
            Map<String, String> fields = new HashMap<>();
            for (String name : List.of("user_id", "tier", "region")) {
                JsonNode v = node.get(name);
                if (v != null && !v.isNull()) {
                    if (!v.isTextual()) {
                        problems.add(new Problem(n, name + ": must be a string, got " + v.getNodeType().name().toLowerCase(Locale.ROOT)));
                        fields = null;
                        break;
                    }
                    fields.put(name, v.textValue());
                }
            }
            if (fields != null) {
                add(n, fields, out, problems, seen);
            }
        }
    }

    private static void readCsv(Reader r, List<Customer> out, List<Problem> problems, Map<String, Long> seen) throws IOException {
        CsvMapper csv = new CsvMapper();
        csv.enable(CsvParser.Feature.TRIM_SPACES).enable(CsvParser.Feature.SKIP_EMPTY_LINES);
        CsvSchema schema = CsvSchema.emptySchema().withHeader();
        try (MappingIterator<Map<String, String>> rows = csv.readerForMapOf(String.class).with(schema).readValues(r)) {
            List<String> columns = null;
            while (true) {
                long line;
                Map<String, String> row;
                try {
                    if (!rows.hasNextValue()) {
                        break;
                    }
                    row = rows.nextValue();
                    line = rows.getCurrentLocation().getLineNr();
                } catch (RuntimeException | IOException e) {
                    long at = rows.getCurrentLocation() == null ? 0 : rows.getCurrentLocation().getLineNr();
                    throw new IllegalArgumentException("line " + at + ": not valid CSV: " + e.getMessage().lines().findFirst().orElse(""), e);
                }
                if (columns == null) {
                    columns = List.copyOf(((CsvSchema) rows.getParserSchema()).getColumnNames());
                    for (String required : List.of("user_id", "tier")) {
                        if (!columns.contains(required)) {
                            throw new IllegalArgumentException("line 1: the CSV header must name the columns user_id, tier and optionally region; "
                                    + "got " + columns);
                        }
                    }
                }
                Map<String, String> fields = new HashMap<>();
                for (String name : List.of("user_id", "tier", "region")) {
                    String v = row.get(name);
                    if (v != null && !v.isEmpty()) {
                        fields.put(name, v);
                    }
                }
                add(line, fields, out, problems, seen);
            }
        }
    }

    private static void add(long line, Map<String, String> fields, List<Customer> out, List<Problem> problems, Map<String, Long> seen) {
        String userId = fields.get("user_id");
        String tier = fields.get("tier");
        String region = fields.get("region");
        if (userId == null || userId.isEmpty()) {
            problems.add(new Problem(line, "user_id: required, the customer's user_id as in the events"));
            return;
        }
        if (userId.length() > MAX_USER_ID) {
            problems.add(new Problem(line, "user_id: at most " + MAX_USER_ID + " characters (as in the events), got " + userId.length()));
            return;
        }
        String tierProblem = Customer.tierProblem(tier);
        if (tierProblem != null) {
            problems.add(new Problem(line, tierProblem));
            return;
        }
        if (region != null && (region.isBlank() || region.length() > Customer.MAX_LABEL_LENGTH)) {
            problems.add(new Problem(line, "region: 1–" + Customer.MAX_LABEL_LENGTH + " characters when given, got " + region.length()));
            return;
        }
        Long earlier = seen.putIfAbsent(userId, line);
        if (earlier != null) {
            problems.add(new Problem(line, "user_id: '" + userId + "' was already given on line " + earlier + "; keep one line per customer"));
            return;
        }
        out.add(new Customer(userId, tier, region));
    }
}
