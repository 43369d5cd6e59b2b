package io.tidemark.cli.commands;

import io.tidemark.cli.aws.StackLookup;
import io.tidemark.cli.dashboard.FailureQueue;
import io.tidemark.cli.dashboard.LiveDashboard;
import io.tidemark.cli.options.AwsOptions;
import io.tidemark.config.PipelineConfig;
import io.tidemark.config.StackOutputs;
import io.tidemark.config.TableNames;
import io.tidemark.dynamodb.StateStore;
import io.tidemark.local.aws.ToolClients;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code tidemark dashboard}: a live web page over the views tables (read-only). */
@Command(name = "dashboard", mixinStandardHelpOptions = true,
        description = {"Serves a live web page over the views that 'tidemark query' reads (a deployed stack, 'tidemark run' tables on the "
                + "emulators or LocalStack): active users of the last 5 minutes, revenue and orders per hour, cart abandonment, "
                + "sessions, ad attribution, revenue by tier and the pipeline's health, updated as the tables change. It only reads, by key.",
                "Listens on 127.0.0.1 by default and prints the URL; beyond loopback (--bind) it needs an access token. Runs until Ctrl-C."},
        footer = {"", "Examples:",
                "  tidemark dashboard",
                "  tidemark dashboard --stack Tidemark --open",
                "  tidemark dashboard --table-prefix demo --endpoint-url http://localhost:4566 --port 8080",
                "  tidemark dashboard --bind 0.0.0.0 --token generate"})
public final class DashboardCommand implements Callable<Integer> {

    @Option(names = "--table-prefix", paramLabel = "PREFIX", description = "Table prefix. Default: the stack's TablePrefix output, else 'tidemark'.")
    String tablePrefix;

    @Option(names = "--stack", paramLabel = "NAME", description = "CloudFormation stack to read defaults from (default: Tidemark).")
    String stack;

    @Option(names = "--failure-queue", paramLabel = "URL", description = "SQS queue of batches that exhausted their retries, for its depth. "
            + "Default: the stack's DeadLetterQueueUrl output, else none.")
    String failureQueue;

    @Mixin
    ServeOptions serve;

    @Mixin
    AwsOptions aws;

    @Override
    public Integer call() throws Exception {
        ToolClients clients = aws.clients();
        StackLookup lookup = new StackLookup(clients, stack);
        String prefix = lookup.resolveOr(tablePrefix, "--table-prefix", StackOutputs.TABLE_PREFIX, "tidemark", "using tables tidemark-*");
        String queue = failureQueue != null ? failureQueue : lookup.output(StackOutputs.FAILED_BATCHES_QUEUE_URL).orElse(null);
        try (DynamoDbClient dynamo = clients.dynamoDb(); SqsClient sqs = queue == null ? null : clients.sqs()) {
            FailureQueue failures = queue == null ? FailureQueue.NONE : FailureQueue.sqs(sqs, queue);
            try (LiveDashboard dashboard = LiveDashboard.start(StateStore.create(dynamo, TableNames.forPrefix(prefix)),
                    PipelineConfig.defaults().eventTime(), failures, Clock.systemUTC(), serve.settings())) {
                serve.announce(dashboard, "tables " + prefix + "-*");
                awaitInterrupt(dashboard);
            }
        }
        return 0;
    }

    /** The serving options of {@code tidemark dashboard} and {@code tidemark local --dashboard}. */
    public static final class ServeOptions {

        @Option(names = "--port", defaultValue = "8321", description = "Port to listen on (default ${DEFAULT-VALUE}; 0: any free port).")
        int port;

        @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
                description = "Address to listen on (default ${DEFAULT-VALUE}). Beyond loopback an access token is required (--token).")
        String bind;

        @Option(names = "--token", paramLabel = "TOKEN|generate", description = "Access token (16 or more of A-Z a-z 0-9 _ -), or 'generate' to "
                + "have one made and printed. Required with a --bind beyond loopback; without it, loopback needs none.")
        String token;

        @Option(names = "--allow-host", paramLabel = "NAME", description = "A further name the page may be reached by (the Host header is "
                + "checked against the bind address, this machine's addresses and these; repeatable).")
        List<String> allowHosts = new ArrayList<>();

        @Option(names = "--refresh", paramLabel = "DURATION", defaultValue = "PT1S", description = "How often the tables are read, "
                + "once for every open page (default ${DEFAULT-VALUE}).")
        Duration refresh;

        @Option(names = "--open", description = "Open the page in the default browser.")
        boolean open;

        @Option(names = "--json", description = "Print the URL as JSON ({\"url\": …}) instead of a sentence.")
        boolean json;

        public LiveDashboard.Settings settings() throws UnknownHostException {
            if (refresh.isNegative() || refresh.isZero()) {
                throw new IllegalArgumentException("--refresh must be positive, got " + refresh);
            }
            String t = token;
            if ("generate".equals(t)) {
                t = LiveDashboard.newToken();
            } else if (t != null && !t.matches("[A-Za-z0-9_-]{16,}")) {
                throw new IllegalArgumentException("--token must be 16 or more of A-Z a-z 0-9 _ - (or 'generate'), got " + t.length() + " characters");
            }
            return new LiveDashboard.Settings(InetAddress.getByName(bind), port, t, allowHosts, refresh);
        }

        /** Prints where the page is (and opens it with --open). */
        public void announce(LiveDashboard dashboard, String reading) {
            String url = dashboard.url();
            if (json) {
                System.out.println(new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode().put("url", url).put("reading", reading));
            } else {
                System.out.println("tidemark dashboard: " + url + "  (reading " + reading + "; Ctrl-C to stop)");
            }
            System.out.flush();
            if (open) {
                try {
                    java.awt.Desktop.getDesktop().browse(java.net.URI.create(url));
                } catch (Exception | Error e) {
                    System.err.println("tidemark dashboard: could not open a browser here (" + e.getClass().getSimpleName() + "): open " + url);
                }
            }
        }
    }

    /** Serves until Ctrl-C: the JVM's shutdown closes the dashboard. */
    static void awaitInterrupt(LiveDashboard dashboard) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            dashboard.close();
            stopped.countDown();
        }, "dashboard-stop"));
        stopped.await();
    }
}
