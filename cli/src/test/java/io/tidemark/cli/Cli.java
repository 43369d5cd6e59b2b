package io.tidemark.cli;

import io.tidemark.testkit.emulators.Endpoints;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs {@code tidemark …} in this JVM with its standard output and error captured. */
final class Cli {

    record Result(int exit, String out, String err) {
    }

    private Cli() {
    }

    /** Points the CLI at the emulators the way a user's environment would, through the SDK's endpoint system properties. */
    static void useEmulators(Endpoints endpoints) {
        System.setProperty("aws.endpointUrlKinesis", endpoints.kinesis().toString());
        System.setProperty("aws.endpointUrlDynamodb", endpoints.dynamoDb().toString());
        System.setProperty("aws.endpointUrlSns", endpoints.sns().toString());
        System.setProperty("aws.endpointUrlSqs", endpoints.sqs().toString());
        System.setProperty("aws.endpointUrlS3", endpoints.s3().toString());
        // moto answers DescribeStacks too (no such stack), so stack-output defaults fail fast instead of asking AWS.
        System.setProperty("aws.endpointUrlCloudformation", endpoints.sns().toString());
    }

    static synchronized Result run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream capturedOut = new ByteArrayOutputStream();
        ByteArrayOutputStream capturedErr = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(capturedOut, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(capturedErr, true, StandardCharsets.UTF_8));
            int exit = Tidemark.run(args);
            return new Result(exit, capturedOut.toString(StandardCharsets.UTF_8), capturedErr.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }
}
