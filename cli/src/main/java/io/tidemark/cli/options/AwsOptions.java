package io.tidemark.cli.options;

import io.tidemark.aws.AwsClients;
import io.tidemark.local.aws.ToolClients;
import picocli.CommandLine.Option;

import java.net.URI;

/**
 * The AWS options every command that talks to AWS shares (a picocli mixin). Unset options fall
 * back to the standard AWS sources, so {@code AWS_ENDPOINT_URL_KINESIS} or {@code AWS_PROFILE}
 * work as with the AWS CLI.
 */
public final class AwsOptions {

    @Option(names = "--endpoint-url", paramLabel = "URL",
            description = "One endpoint for every AWS service (LocalStack: http://localhost:4566). "
                    + "Default: AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, else AWS.")
    URI endpointUrl;

    @Option(names = "--region", paramLabel = "REGION", description = "AWS region. Default: AWS_REGION, the profile's, us-east-1 for local endpoints.")
    String region;

    @Option(names = "--profile", paramLabel = "NAME", description = "AWS named profile. Default: AWS_PROFILE.")
    String profile;

    @Option(names = "--debug", description = "Print stack traces of errors.")
    boolean debug;

    public ToolClients clients() {
        return new ToolClients(AwsClients.builder().endpointUrl(endpointUrl).region(region).profile(profile).build());
    }
}
