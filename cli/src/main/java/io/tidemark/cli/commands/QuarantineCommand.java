package io.tidemark.cli.commands;

import io.tidemark.cli.aws.StackLookup;
import io.tidemark.cli.options.AwsOptions;
import io.tidemark.cli.options.ExitCodes;
import io.tidemark.cli.options.UsageError;
import io.tidemark.cli.output.ListFormat;
import io.tidemark.config.StackOutputs;
import io.tidemark.config.Table;
import io.tidemark.config.TableNames;
import io.tidemark.dynamodb.Quarantine;
import io.tidemark.dynamodb.StateStore;
import io.tidemark.local.aws.ToolClients;
import io.tidemark.local.input.JsonLinesInput;
import io.tidemark.local.quarantine.QuarantineJson;
import io.tidemark.local.quarantine.QuarantineQuery;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;

/** {@code tidemark quarantine}: the records the pipeline rejected or found late, with their reasons and original bytes. */
@Command(name = "quarantine", mixinStandardHelpOptions = true,
        description = {"The records the pipeline refused, from the quarantine table: rejected (invalid: each reason names the field) "
                + "and late (their windows were already final), each with its shard, sequence number, arrival time and the bytes "
                + "the producer sent."},
        subcommands = {QuarantineCommand.ListRecords.class, QuarantineCommand.Show.class, QuarantineCommand.Export.class},
        footer = {"", "Examples:",
                "  tidemark quarantine list --kind rejected --reason amount",
                "  tidemark quarantine show shardId-000000000000 49590338271490256608559692538361571095921575989136588898",
                "  tidemark quarantine export --out rejected.jsonl"})
public final class QuarantineCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "give a subcommand: list, show or export");
    }

    /** Where the quarantine table is (shared by the subcommands). */
    static final class Tables {
        @Option(names = "--table-prefix", paramLabel = "PREFIX", description = "Table prefix. Default: the stack's TablePrefix output, else 'tidemark'.")
        String tablePrefix;

        @Option(names = "--stack", paramLabel = "NAME", description = "CloudFormation stack to read defaults from (default: Tidemark).")
        String stack;

        @Mixin
        AwsOptions aws;

        <T> T withQuarantine(Function<Quarantine, T> work) {
            ToolClients clients = aws.clients();
            String prefix = new StackLookup(clients, stack).resolveOr(tablePrefix, "--table-prefix", StackOutputs.TABLE_PREFIX, "tidemark",
                    "using tables tidemark-*");
            TableNames tables = TableNames.forPrefix(prefix);
            try (DynamoDbClient dynamo = clients.dynamoDb()) {
                return work.apply(StateStore.create(dynamo, tables).quarantine());
            } catch (ResourceNotFoundException e) {
                throw new IllegalArgumentException("there is no table " + tables.of(Table.QUARANTINE) + ": give the prefix of the pipeline's "
                        + "tables with --table-prefix (the stack's TablePrefix output), or run the pipeline first");
            }
        }
    }

    /** Which records (shared by list and export). */
    static final class Filters {
        @Option(names = "--kind", paramLabel = "KIND", description = "rejected or late (default: both for list, rejected for export).")
        Quarantine.Kind kind;

        @Option(names = "--reason", paramLabel = "TEXT", description = "Only records with a reason that contains TEXT (any case), e.g. amount.")
        String reason;

        @Option(names = "--from", paramLabel = "INSTANT", description = "Only records that arrived at or after this instant (ISO-8601).")
        Instant from;

        @Option(names = "--to", paramLabel = "INSTANT", description = "Only records that arrived before this instant.")
        Instant to;

        @Option(names = "--user", paramLabel = "USER_ID", description = "Only records with this partition key (the user_id, by contract).")
        String user;

        @Option(names = "--shard", paramLabel = "SHARD_ID", description = "Only records of this shard.")
        String shard;

        QuarantineQuery query(Set<Quarantine.Kind> byDefault) {
            try {
                return new QuarantineQuery(kind == null ? byDefault : EnumSet.of(kind), reason, from, to, user, shard);
            } catch (IllegalArgumentException e) {
                throw new UsageError(e.getMessage());
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Lists quarantined records in order of arrival: kind, user, shard, sequence number and the first reason "
                    + "(--output json: every field, the bytes as 'data', or 'data_base64' when they are not UTF-8).",
            footer = {"", "Examples:",
                    "  tidemark quarantine list",
                    "  tidemark quarantine list --kind late --from 2026-11-23T10:00:00Z --to 2026-11-23T11:00:00Z",
                    "  tidemark quarantine list --user u00042 --output json"})
    static final class ListRecords implements Callable<Integer> {

        @Mixin
        Filters filters;

        @Mixin
        Tables tables;

        @Mixin
        ListFormat format;

        @Override
        public Integer call() {
            QuarantineQuery query = filters.query(EnumSet.allOf(Quarantine.Kind.class));
            List<Quarantine.Entry> found = tables.withQuarantine(query::run);
            format.header("ARRIVAL", "KIND", "USER", "SHARD", "SEQUENCE", "REASON");
            for (Quarantine.Entry e : found) {
                format.add(QuarantineJson.of(e), Instant.ofEpochMilli(e.arrival()).toString(), QuarantineJson.kind(e.kind()), e.partitionKey(),
                        e.shardId(), format.format() == ListFormat.Format.table ? shortSequence(e.sequenceNumber()) : e.sequenceNumber(),
                        String.join("; ", e.reasons()));
            }
            format.print(System.out);
            long rejected = found.stream().filter(e -> e.kind() == Quarantine.Kind.REJECTED).count();
            if (!format.isJson()) {
                System.err.printf("%d records: %d rejected, %d late%s%n", found.size(), rejected, found.size() - rejected,
                        found.isEmpty() ? "" : " (tidemark quarantine show SHARD SEQUENCE for one record's bytes)");
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "One quarantined record in full: its reasons and the bytes the producer sent (as text, or base64 when they "
                    + "are not UTF-8). SEQUENCE may be the end of the sequence number, as 'list' shows it, if only one record ends so.",
            footer = {"", "Examples:",
                    "  tidemark quarantine show shardId-000000000000 49590338271490256608559692538361571095921575989136588898",
                    "  tidemark quarantine show shardId-000000000000 921575989136588898 --json"})
    static final class Show implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "SHARD_ID", description = "The record's shard.")
        String shard;

        @Parameters(index = "1", paramLabel = "SEQUENCE", description = "Its sequence number, or the end of it.")
        String sequence;

        @Option(names = "--json", description = "The record as one JSON object.")
        boolean json;

        @Mixin
        Tables tables;

        @Override
        public Integer call() {
            QuarantineQuery query = new QuarantineQuery(EnumSet.allOf(Quarantine.Kind.class), null, null, null, null, shard);
            List<Quarantine.Entry> found = tables.withQuarantine(query::run).stream().filter(e -> e.sequenceNumber().endsWith(digits(sequence))).toList();
            if (found.isEmpty()) {
                throw new IllegalArgumentException("no quarantined record of " + shard + " has a sequence number ending in " + sequence
                        + " (tidemark quarantine list --shard " + shard + " lists them)");
            }
            if (found.size() > 1) {
                throw new UsageError(found.size() + " quarantined records of " + shard + " have sequence numbers ending in " + sequence
                        + ": give more digits");
            }
            Quarantine.Entry e = found.get(0);
            PrintStream out = System.out;
            if (json) {
                out.println(QuarantineJson.of(e));
                return ExitCodes.OK;
            }
            out.printf("%s record of user %s, %s sequence number %s, arrived %s%n", QuarantineJson.kind(e.kind()), e.partitionKey(), e.shardId(),
                    e.sequenceNumber(), Instant.ofEpochMilli(e.arrival()));
            e.reasons().forEach(r -> out.println("  " + r));
            String text = JsonLinesInput.utf8(e.data());
            if (text != null) {
                out.printf("data (%d bytes, UTF-8):%n%s%n", e.data().length, text);
            } else {
                out.printf("data (%d bytes, not UTF-8), base64:%n%s%n", e.data().length, Base64.getEncoder().encodeToString(e.data()));
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = {"Writes the quarantined records' bytes as JSON Lines, one record per line, in order of arrival: the file "
                    + "'tidemark put' sends again once the records are fixed. Rejected records by default.",
                    "A record whose bytes are not UTF-8 or span lines is not written (it is named on stderr; 'show' gives its bytes). "
                            + "Late records sent again are late again (their windows are final): docs/operations.md says how they come "
                            + "back (a replay into a new table prefix)."},
            footer = {"", "Examples:",
                    "  tidemark quarantine export --out rejected.jsonl",
                    "  tidemark quarantine export --reason timestamp --from 2026-11-23T10:00:00Z --out fix-me.jsonl",
                    "", "Exit codes: 0 every matching record written; 3 some could not be written as a line (named on stderr)."})
    static final class Export implements Callable<Integer> {

        @Mixin
        Filters filters;

        @Mixin
        Tables tables;

        @Option(names = {"--out", "-o"}, paramLabel = "FILE", description = "Write here (default: standard output).")
        Path out;

        @Override
        public Integer call() throws IOException {
            QuarantineQuery query = filters.query(EnumSet.of(Quarantine.Kind.REJECTED));
            List<Quarantine.Entry> found = tables.withQuarantine(query::run);
            int written = 0;
            int skipped = 0;
            try (OutputStream sink = out == null ? System.out : Files.newOutputStream(out)) {
                for (Quarantine.Entry e : found) {
                    String text = JsonLinesInput.utf8(e.data());
                    String why = text == null ? "its bytes are not UTF-8" : text.contains("\n") || text.contains("\r") ? "it spans lines" : null;
                    if (why != null) {
                        skipped++;
                        System.err.printf("not exported: %s %s (%s): see tidemark quarantine show %s %s%n", e.shardId(), e.sequenceNumber(), why,
                                e.shardId(), e.sequenceNumber());
                        continue;
                    }
                    sink.write(e.data());
                    sink.write('\n');
                    written++;
                }
                sink.flush();
            }
            long late = found.stream().filter(e -> e.kind() == Quarantine.Kind.LATE).count();
            System.err.printf("exported %d of %d quarantined records%s%s%n", written, found.size(), out == null ? "" : " to " + out,
                    late > 0 ? "; " + late + " are late: sent again they would be late again (docs/operations.md, 'Late records')" : "");
            return skipped == 0 ? ExitCodes.OK : ExitCodes.PARTIAL;
        }
    }

    /** The end of a sequence number, as the table shows it ('show' takes it, dots and all). ASCII: a terminal without UTF-8 shows it too. */
    static String shortSequence(String sequence) {
        return sequence.length() <= 18 ? sequence : "..." + sequence.substring(sequence.length() - 18);
    }

    /** A sequence number as given to 'show': the digits, without the dots 'list' puts before a shortened one. */
    static String digits(String sequence) {
        return sequence.replaceFirst("^(\\.\\.\\.|…)", "");
    }
}
