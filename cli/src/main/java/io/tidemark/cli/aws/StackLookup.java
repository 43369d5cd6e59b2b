package io.tidemark.cli.aws;

import io.tidemark.local.aws.ToolClients;
import io.tidemark.config.StackOutputs;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.core.exception.SdkClientException;

import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Finds names the user did not give in the outputs of the deployed stack (DescribeStacks), so
 * {@code tidemark put} works right after {@code cdk deploy} without copying the stream name.
 */
public final class StackLookup {

    private final ToolClients clients;
    private final String stackName;
    private Map<String, String> outputs;

    public StackLookup(ToolClients clients, String stackName) {
        this.clients = clients;
        this.stackName = stackName == null ? StackOutputs.DEFAULT_STACK_NAME : stackName;
    }

    /**
     * The value given by the user, else the stack output, else an error naming the option to pass.
     *
     * @param given  the option's value, or null
     * @param option e.g. {@code --stream}
     * @param key    the stack output key, e.g. {@link StackOutputs#STREAM_NAME}
     */
    public String resolve(String given, String option, String key) {
        if (given != null && !given.isBlank()) {
            return given;
        }
        return output(key).orElseThrow(() -> new IllegalArgumentException("no " + option + " given and the CloudFormation stack '"
                + stackName + "' has no output " + key + (lookupProblem == null ? "" : " (" + lookupProblem + ")")
                + ": pass " + option + " or deploy the stack first (docs/deploy.md)"));
    }

    /**
     * The value given, else the stack output, else {@code fallback}. Falling back for a stack that exists but lacks
     * the output (moto's CloudFormation returns none, for one) is said on standard error, naming the option that
     * chooses; without a deployed stack the fallback is the documented default and nothing is said.
     */
    public String resolveOr(String given, String option, String key, String fallback, String fallbackMeaning) {
        if (given != null && !given.isBlank()) {
            return given;
        }
        Optional<String> found = output(key);
        if (found.isPresent()) {
            return found.get();
        }
        if (stackFound) {
            System.err.println("tidemark: the stack '" + stackName + "' has no output " + key + ": " + fallbackMeaning + "; pass "
                    + option + " to choose");
        }
        return fallback;
    }

    private String lookupProblem;
    private boolean stackFound;

    public Optional<String> output(String key) {
        if (outputs == null) {
            outputs = describe();
        }
        return Optional.ofNullable(outputs.get(key));
    }

    private Map<String, String> describe() {
        try (CloudFormationClient cfn = clients.aws().sync(CloudFormationClient.builder(), ToolClients.CLOUDFORMATION).build()) {
            var stacks = cfn.describeStacks(b -> b.stackName(stackName)).stacks();
            stackFound = !stacks.isEmpty();
            return stacks.stream()
                    .flatMap(s -> s.outputs().stream())
                    .collect(Collectors.toMap(Output::outputKey, Output::outputValue, (a, b) -> a));
        } catch (CloudFormationException e) {
            lookupProblem = e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage();
            return Map.of();
        } catch (SdkClientException e) {
            lookupProblem = "CloudFormation not reachable: " + e.getMessage();
            return Map.of();
        }
    }
}
