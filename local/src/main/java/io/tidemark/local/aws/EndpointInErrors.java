package io.tidemark.local.aws;

import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * A request that never reached its service (connection refused, unknown host, timeout) fails with a message
 * that names the service and the endpoint — "cannot reach Kinesis at http://127.0.0.1:4568: Connection refused"
 * — instead of the SDK's "Unable to execute HTTP request". Errors the service answered are left as they are.
 */
final class EndpointInErrors implements ExecutionInterceptor {

    @Override
    public Throwable modifyException(Context.FailedExecution context, ExecutionAttributes attributes) {
        Throwable e = context.exception();
        if (!(e instanceof SdkClientException) || e instanceof SdkServiceException || context.httpRequest().isEmpty()) {
            return e;
        }
        var uri = context.httpRequest().get().getUri();
        String endpoint = uri.getScheme() + "://" + uri.getAuthority();
        String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String why = root.getMessage() == null ? root.getClass().getSimpleName() : root.getClass().getSimpleName() + ": " + root.getMessage();
        return SdkClientException.builder().message("cannot reach " + service + " at " + endpoint + " (" + why + ")").cause(e).build();
    }
}
