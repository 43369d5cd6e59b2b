package io.tidemark.cli.commands;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tidemark.local.aws.ToolClients;
import io.tidemark.cli.aws.StackLookup;
import io.tidemark.cli.customers.CustomerFile;
import io.tidemark.cli.options.AwsOptions;
import io.tidemark.cli.options.ExitCodes;
import io.tidemark.config.StackOutputs;
import io.tidemark.config.Table;
import io.tidemark.config.TableNames;
import io.tidemark.dynamodb.CustomerTable;
import io.tidemark.dynamodb.StateStore;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code tidemark customers}: the customers table that enriches purchases (revenue by tier). */
@Command(name = "customers", mixinStandardHelpOptions = true,
        description = "The customers table (user_id → tier, region) that the pipeline joins purchases with: revenue per hour by tier.",
        subcommands = CustomersCommand.Load.class)
public final class CustomersCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Loads a file into {@code <prefix>-customers}. */
    @Command(name = "load", mixinStandardHelpOptions = true,
            description = {"Validates FILE — JSON Lines {\"user_id\":…,\"tier\":…,\"region\":…} or CSV with a header row user_id,tier[,region] — "
                    + "and writes every customer to the customers table with BatchWriteItem (25 a request; what DynamoDB leaves "
                    + "unprocessed is retried with backoff). A customer already in the table is replaced. Loading is idempotent.",
                    "By default nothing is written if any line is invalid; --skip-invalid loads the valid lines. The pipeline picks "
                            + "changes up within its customer cache's TTL (TIDEMARK_CUSTOMER_CACHE_TTL, default 5 minutes); purchases "
                            + "by customers not in the table count under tier 'unknown'."},
            footer = {"", "Examples:",
                    "  tidemark customers load customers.csv",
                    "  tidemark customers load customers.jsonl --table-prefix tidemark-dev --json",
                    "  tidemark customers load customers.csv --endpoint-url http://localhost:4566",
                    "", "Exit codes: 0 all loaded; 1 invalid lines (nothing loaded) or an error; 4 valid lines loaded, invalid ones skipped."})
    public static final class Load implements Callable<Integer> {

        private static final int MAX_PRINTED_PROBLEMS = 20;

        @Parameters(index = "0", paramLabel = "FILE", description = "Customers as JSON Lines or CSV (by extension; else by the first character).")
        Path file;

        @Option(names = "--format", paramLabel = "FORMAT", description = "jsonl or csv (default: from the file name).")
        CustomerFile.Format format;

        @Option(names = "--skip-invalid", description = "Load the valid lines even if some are invalid (those are reported and skipped).")
        boolean skipInvalid;

        @Option(names = "--table-prefix", paramLabel = "PREFIX", description = "Table prefix. Default: the stack's TablePrefix output, else 'tidemark'.")
        String tablePrefix;

        @Option(names = "--stack", paramLabel = "NAME", description = "CloudFormation stack to read defaults from (default: Tidemark).")
        String stack;

        @Option(names = "--progress", negatable = true, description = "Show a progress bar (default: when attached to a terminal).")
        Boolean progress;

        @Option(names = "--json", description = "Print the summary as one JSON object on stdout (invalid lines included).")
        boolean json;

        @Mixin
        AwsOptions aws;

        @Override
        public Integer call() throws Exception {
            CustomerFile.Contents contents = CustomerFile.read(file, format);
            boolean load = contents.problems().isEmpty() || skipInvalid;
            ToolClients clients = aws.clients();
            CustomerTable.LoadStats stats = new CustomerTable.LoadStats(0, 0, 0, 0);
            String table = null;
            long began = System.nanoTime();
            if (load) {
                String prefix = tablePrefix != null ? tablePrefix
                        : new StackLookup(clients, stack).output(StackOutputs.TABLE_PREFIX).orElse("tidemark");
                TableNames tables = TableNames.forPrefix(prefix);
                table = tables.of(Table.CUSTOMERS);
                boolean showProgress = progress != null ? progress : System.console() != null && !json;
                try (DynamoDbClient dynamo = clients.dynamoDb();
                     ProgressBar bar = showProgress ? new ProgressBarBuilder().setTaskName("customers").setInitialMax(contents.customers().size())
                             .setStyle(ProgressBarStyle.ASCII).showSpeed().setConsumer(
                                     new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err)).build() : null) {
                    stats = StateStore.create(dynamo, tables).customers().load(contents.customers().iterator(), System.currentTimeMillis(),
                            n -> {
                                if (bar != null) {
                                    bar.stepTo(n);
                                }
                            });
                }
            }
            report(contents, table, stats, (System.nanoTime() - began) / 1e9, load);
            if (contents.problems().isEmpty()) {
                return ExitCodes.OK;
            }
            return load ? ExitCodes.REJECTED : ExitCodes.ERROR;
        }

        private void report(CustomerFile.Contents contents, String table, CustomerTable.LoadStats stats, double seconds, boolean loaded) {
            if (json) {
                ObjectNode summary = new ObjectMapper().createObjectNode();
                summary.put("file", contents.path().toString()).put("format", contents.format().name().toLowerCase(java.util.Locale.ROOT));
                if (table == null) {
                    summary.putNull("table");
                } else {
                    summary.put("table", table);
                }
                summary.put("loaded", stats.customers()).put("invalid", contents.problems().size()).put("batches", stats.batches())
                        .put("retried_items", stats.retriedItems()).put("write_units", stats.writeUnits())
                        .put("seconds", Math.round(seconds * 1000) / 1000.0);
                ArrayNode problems = summary.putArray("invalid_lines");
                contents.problems().stream().limit(1000).forEach(p -> problems.addObject().put("line", p.line()).put("reason", p.message()));
                System.out.println(summary);
                return;
            }
            PrintStream err = System.err;
            contents.problems().stream().limit(MAX_PRINTED_PROBLEMS).forEach(p -> err.println(p));
            if (contents.problems().size() > MAX_PRINTED_PROBLEMS) {
                err.println("… and " + (contents.problems().size() - MAX_PRINTED_PROBLEMS) + " more invalid lines (--json lists them)");
            }
            if (!loaded) {
                err.printf("tidemark customers load: %d invalid lines in %s; nothing loaded (fix them, or load the valid lines with --skip-invalid)%n",
                        contents.problems().size(), contents.path());
                return;
            }
            err.printf("tidemark customers load: %,d customers into %s in %.1f s (%d requests, %d items retried, %.0f write units)%s%n",
                    stats.customers(), table, seconds, stats.batches(), stats.retriedItems(), stats.writeUnits(),
                    contents.problems().isEmpty() ? "" : "; " + contents.problems().size() + " invalid lines skipped");
        }
    }
}
