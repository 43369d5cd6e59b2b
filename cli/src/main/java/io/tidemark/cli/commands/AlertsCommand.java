package io.tidemark.cli.commands;

import io.tidemark.local.aws.ToolClients;
import io.tidemark.cli.alerts.AlertFormat;
import io.tidemark.cli.aws.StackLookup;
import io.tidemark.cli.options.AwsOptions;
import io.tidemark.config.StackOutputs;
import io.tidemark.local.alerts.AlertsTail;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code tidemark alerts}: the cart-abandonment alerts SNS publishes. */
@Command(name = "alerts", mixinStandardHelpOptions = true, description = "Cart-abandonment alerts from the alerts SNS topic.",
        subcommands = AlertsCommand.Tail.class)
public final class AlertsCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "tail", mixinStandardHelpOptions = true,
            description = {"Subscribes a temporary SQS queue to the alerts topic (with the queue policy SNS needs) and prints each "
                    + "alert as it arrives; on exit — --max reached, --timeout, or Ctrl-C — unsubscribes and deletes the queue.",
                    "Alerts are published at least once; repeats (same alert_id) are dropped unless --repeats."},
            footer = {"", "Examples:",
                    "  tidemark alerts tail",
                    "  tidemark alerts tail --max 3 --json --topic arn:aws:sns:us-east-1:123456789012:alerts",
                    "  tidemark alerts tail --user u00042 --timeout PT10M"})
    public static final class Tail implements Callable<Integer> {

        @Option(names = "--topic", paramLabel = "ARN", description = "Alerts topic. Default: the stack's AlertsTopicArn output.")
        String topic;

        @Option(names = "--stack", paramLabel = "NAME", description = "CloudFormation stack to read defaults from (default: Tidemark).")
        String stack;

        @Option(names = "--max", paramLabel = "N", description = "Stop after N alerts.")
        Integer max;

        @Option(names = "--timeout", paramLabel = "DURATION", description = "Stop after this long (ISO-8601, e.g. PT5M).")
        Duration timeout;

        @Option(names = "--user", paramLabel = "USER_ID", description = "Only this user's alerts (an SNS filter policy on the user_id attribute).")
        List<String> users;

        @Option(names = "--alert-type", paramLabel = "TYPE", description = "Only alerts of this type (attribute alert_type, e.g. cart_abandonment).")
        List<String> alertTypes;

        @Option(names = "--repeats", description = "Also print repeated deliveries of an alert.")
        boolean repeats;

        @Option(names = "--json", description = "One alert JSON object per line.")
        boolean json;

        @Mixin
        AwsOptions aws;

        @Override
        public Integer call() {
            ToolClients clients = aws.clients();
            String topicArn = new StackLookup(clients, stack).resolve(topic, "--topic", StackOutputs.ALERTS_TOPIC_ARN);
            if (max != null && max < 1) {
                throw new IllegalArgumentException("--max must be ≥ 1, got " + max);
            }
            PrintStream out = System.out;
            try (SnsClient sns = clients.sns(); SqsClient sqs = clients.sqs();
                 AlertsTail tail = new AlertsTail(sns, sqs, topicArn, filterPolicy())) {
                if (!json) {
                    System.err.println("tidemark alerts tail: listening on " + topicArn + " (Ctrl-C to stop)");
                }
                int n = tail.read(max == null ? Integer.MAX_VALUE : max, timeout == null ? Duration.ofDays(365) : timeout, repeats,
                        alert -> {
                            out.println(json ? alert : AlertFormat.pretty(alert));
                            out.flush();
                        });
                if (!json) {
                    System.err.printf("tidemark alerts tail: %d alerts%s; queue and subscription removed%n", n,
                            tail.repeats() > 0 ? " (" + tail.repeats() + " repeated deliveries dropped)" : "");
                }
            }
            return 0;
        }

        private String filterPolicy() {
            if ((users == null || users.isEmpty()) && (alertTypes == null || alertTypes.isEmpty())) {
                return null;
            }
            var policy = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
            if (users != null && !users.isEmpty()) {
                users.forEach(policy.putArray("user_id")::add);
            }
            if (alertTypes != null && !alertTypes.isEmpty()) {
                alertTypes.forEach(policy.putArray("alert_type")::add);
            }
            return policy.toString();
        }
    }
}
