package io.tidemark.handlers;

import com.amazonaws.services.lambda.runtime.Context;

import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The keys of one Lambda invocation that its log lines carry, named as Powertools for AWS Lambda names them:
 * {@code function_request_id}, {@code cold_start}, {@code function_name}, {@code function_version},
 * {@code function_arn}, {@code function_memory_size} and, under active tracing, {@code xray_trace_id}.
 */
record LambdaInvocation(String requestId, boolean coldStart, String functionName, String functionVersion, String functionArn,
                        int memoryMb, String traceId) {

    /** True until the first invocation of this JVM (one execution environment) has begun. */
    static final AtomicBoolean ENVIRONMENT_NOT_INVOKED_YET = new AtomicBoolean(true);

    /**
     * The invocation {@code context} describes; {@code cold_start} is true on the environment's first invocation, unless
     * Lambda initialized it ahead of traffic (provisioned concurrency), when no request waited for the init.
     */
    static LambdaInvocation begin(Context context, Map<String, String> env, AtomicBoolean notInvokedYet) {
        boolean first = notInvokedYet.getAndSet(false);
        boolean cold = first && !"provisioned-concurrency".equals(env.get("AWS_LAMBDA_INITIALIZATION_TYPE"));
        return new LambdaInvocation(context.getAwsRequestId(), cold, context.getFunctionName(), context.getFunctionVersion(),
                context.getInvokedFunctionArn(), context.getMemoryLimitInMB(), traceRoot(env));
    }

    /** Writes the keys, in Powertools' names; absent values are left out. */
    void writeTo(Map<String, Object> line) {
        putIfPresent(line, "function_name", functionName);
        putIfPresent(line, "function_version", functionVersion);
        putIfPresent(line, "function_arn", functionArn);
        if (memoryMb > 0) {
            line.put("function_memory_size", memoryMb);
        }
        putIfPresent(line, "function_request_id", requestId);
        line.put("cold_start", coldStart);
        putIfPresent(line, "xray_trace_id", traceId);
    }

    /**
     * The trace id of the invocation under Lambda's active tracing: the {@code Root} of the trace header, which the Java
     * runtime puts in a system property per invocation (and Lambda in {@code _X_AMZN_TRACE_ID}).
     */
    private static String traceRoot(Map<String, String> env) {
        String header = System.getProperty("com.amazonaws.xray.traceHeader", env.get("_X_AMZN_TRACE_ID"));
        if (header == null) {
            return null;
        }
        for (String part : header.split(";")) {
            if (part.startsWith("Root=")) {
                return part.substring("Root=".length());
            }
        }
        return null;
    }

    private static void putIfPresent(Map<String, Object> line, String key, String value) {
        if (value != null && !value.isEmpty()) {
            line.put(key, value);
        }
    }
}
