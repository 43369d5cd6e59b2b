package io.tidemark.bench.coldstart.floor;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The runtime's floor: a handler that reads its event and answers as the Kinesis handler does when
 * every record succeeded, and does nothing else. What it costs from JVM start is the Lambda runtime
 * client's own share of any cold start. Runs from a directory beside the Lambda jar, never in it.
 */
public final class RuntimeOnlyHandler implements RequestStreamHandler {

    static final byte[] NO_FAILURES = "{\"batchItemFailures\":[]}".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    @Override
    public void handleRequest(InputStream event, OutputStream response, Context context) throws IOException {
        event.readAllBytes();
        response.write(NO_FAILURES);
    }
}
