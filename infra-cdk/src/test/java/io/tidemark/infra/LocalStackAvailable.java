package io.tidemark.infra;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;

/**
 * Runs the LocalStack end-to-end tests only where they can run: a Docker engine (LocalStack runs
 * Lambda functions in containers) and a LocalStack auth token (its image needs one since March
 * 2026). Otherwise they are reported as skipped, with the missing piece as the reason.
 */
final class LocalStackAvailable implements ExecutionCondition {

    static final String AUTH_TOKEN = "LOCALSTACK_AUTH_TOKEN";

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        boolean docker;
        try {
            docker = DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            docker = false;
        }
        if (!docker) {
            return ConditionEvaluationResult.disabled("no Docker engine: LocalStack and its Lambda containers need one "
                    + "(this machine has the docker client only)");
        }
        String token = System.getenv(AUTH_TOKEN);
        if (token == null || token.isBlank()) {
            return ConditionEvaluationResult.disabled(AUTH_TOKEN + " is not set: the LocalStack image needs an auth token");
        }
        return ConditionEvaluationResult.enabled("Docker engine and LocalStack auth token present");
    }
}
