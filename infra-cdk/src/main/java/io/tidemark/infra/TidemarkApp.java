package io.tidemark.infra;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;

import java.nio.file.Path;

/**
 * The CDK app: {@code npx cdk synth|deploy} from {@code infra-cdk/} runs this class (see cdk.json).
 * Settings come from context ({@link DeploymentSettings}); cdk-nag's AWS Solutions checks run on
 * every synthesis and report findings as errors.
 */
public final class TidemarkApp {

    private TidemarkApp() {
    }

    public static void main(String[] args) {
        try {
            App app = new App();
            build(app, Path.of("").toAbsolutePath());
            app.synth();
        } catch (IllegalArgumentException | LambdaArtifact.MissingLambdaJar e) {
            System.err.println("tidemark-infra: " + e.getMessage());
            System.exit(1);
        }
    }

    /** Builds the stack into {@code app}, as {@link #main} does; tests call this with their own app. */
    public static TidemarkStack build(App app, Path workingDir) {
        DeploymentSettings settings = DeploymentSettings.fromContext(app.getNode()::tryGetContext);
        Path jar = LambdaArtifact.locate(settings.lambdaJar(), workingDir);
        TidemarkStack stack = new TidemarkStack(app, settings, jar, StackProps.builder().env(environment()).build());
        Aspects.of(app).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));
        return stack;
    }

    /** The account and region the CDK CLI resolved (absent: an environment-agnostic template). */
    private static Environment environment() {
        String account = System.getenv("CDK_DEFAULT_ACCOUNT");
        String region = System.getenv("CDK_DEFAULT_REGION");
        if (account == null || region == null) {
            return null;
        }
        return Environment.builder().account(account).region(region).build();
    }
}
