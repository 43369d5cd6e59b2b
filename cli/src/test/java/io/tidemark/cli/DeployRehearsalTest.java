package io.tidemark.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidemark.aws.AwsClients;
import io.tidemark.config.StackOutputs;
import io.tidemark.core.report.Report;
import io.tidemark.core.report.ReportJson;
import io.tidemark.core.settings.EventTimeSettings;
import io.tidemark.local.aws.ToolClients;
import io.tidemark.testkit.FileReference;
import io.tidemark.testkit.emulators.RepositoryRoot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.sns.SnsClient;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deploy rehearsal (docs/deploy.md §8): the real CDK app bootstrapped and deployed with the pinned CDK CLI
 * ({@code cdk bootstrap}, {@code cdklocal deploy}) to moto's CloudFormation on this machine — one moto serving
 * every service one request at a time — the deployed resources checked against the synthesized template, then
 * {@code tidemark put}, {@code run} and {@code query} against the deployed stack ({@code --stack}), whose views
 * must equal the file's reference, and {@code cdk destroy}. moto skips {@code AWS::Lambda::Alias},
 * {@code AWS::SNS::TopicPolicy}, {@code AWS::SQS::QueuePolicy} and {@code AWS::S3::BucketPolicy}, runs no Lambda
 * function (the CLI's event-source runner stands in) and returns no stack outputs: the CLI's fallbacks for the
 * missing outputs must say so.
 * <p>
 * Needs the Lambda jar and the CDK app built (the reactor builds {@code functions} and {@code infra-cdk} before
 * this module); skipped, with that reason, when the module is built alone.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeployRehearsalTest {

    static final String STACK = "TidemarkRehearsal";
    static final String PREFIX = "rehearsal";
    static final String REGION = "us-east-1";
    /** moto's account. */
    static final String ACCOUNT = "123456789012";

    private static Path root;
    private static Path infra;
    private static Path work;
    private static Path lambdaJar;
    private static Process moto;
    private static String endpoint;
    private static JsonNode template;

    @BeforeAll
    static void deploy() throws Exception {
        root = RepositoryRoot.find();
        infra = root.resolve("infra-cdk");
        Path appClasspath = infra.resolve("target/classpath.txt");
        Path jars = root.resolve("functions/target");
        Assumptions.assumeTrue(Files.isRegularFile(appClasspath) && Files.isDirectory(jars),
                "the CDK app or the Lambda jar is not built: run the whole reactor (./mvnw verify), which builds functions and infra-cdk first");
        try (var found = Files.list(jars)) {
            lambdaJar = found.filter(p -> p.getFileName().toString().endsWith("-lambda.jar")).findFirst().orElse(null);
        }
        Assumptions.assumeTrue(lambdaJar != null, "no *-lambda.jar in functions/target: build functions first (./mvnw verify)");

        run(List.of(root.resolve("localstack/emulators/install").toString()), root, Map.of(), 600);
        if (!Files.isExecutable(infra.resolve("node_modules/.bin/cdklocal"))) {
            run(List.of(root.resolve(".ci/install.d/20-cdk").toString()), root, Map.of(), 900);
        }
        work = Files.createDirectories(root.resolve("cli/target/deploy-rehearsal"));
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        // cdklocal reads a template URL path-style only from a host named localhost (not 127.0.0.1).
        endpoint = "http://localhost:" + port;
        moto = new ProcessBuilder(root.resolve("localstack/emulators/.venv/bin/python").toString(),
                root.resolve("localstack/emulators/moto_serial.py").toString(), "--host", "127.0.0.1", "--port", Integer.toString(port))
                .redirectErrorStream(true).redirectOutput(work.resolve("moto.log").toFile()).start();
        Runtime.getRuntime().addShutdownHook(new Thread(DeployRehearsalTest::stopMoto, "rehearsal-moto-stop"));
        awaitMoto();

        Result bootstrap = cdk("bootstrap", "aws://" + ACCOUNT + "/" + REGION);
        assertThat(bootstrap.exit()).as(bootstrap.out()).isZero();
        Result deploy = cdk("deploy", "--require-approval", "never");
        System.out.printf("deploy rehearsal: cdk bootstrap %.1f s, cdklocal deploy %.1f s%n", bootstrap.seconds(), deploy.seconds());
        assertThat(deploy.exit()).as(deploy.out()).isZero();
        assertThat(deploy.out()).contains("CREATE_COMPLETE");
        template = new ObjectMapper().readTree(work.resolve("cdk.out").resolve(STACK + ".template.json").toFile());
    }

    @AfterAll
    static void stopMoto() {
        if (moto != null && moto.isAlive()) {
            moto.destroy();
            try {
                if (!moto.waitFor(10, TimeUnit.SECONDS)) {
                    moto.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Test
    @Order(1)
    void theDeployedResourcesAreTheTemplates() {
        List<String> tables = new ArrayList<>();
        List<String> streams = new ArrayList<>();
        List<String> topics = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = template.get("Resources").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> r = it.next();
            switch (r.getValue().get("Type").asText()) {
                case "AWS::DynamoDB::Table" -> tables.add(r.getKey());
                case "AWS::Kinesis::Stream" -> streams.add(r.getKey());
                case "AWS::SNS::Topic" -> topics.add(r.getKey());
                default -> { }
            }
        }
        assertThat(tables).hasSize(5);
        try (DynamoDbClient dynamo = clients().dynamoDb(); KinesisClient kinesis = clients().kinesis(); SnsClient sns = clients().sns()) {
            for (String logicalId : tables) {
                JsonNode p = template.get("Resources").get(logicalId).get("Properties");
                TableDescription d = dynamo.describeTable(b -> b.tableName(p.get("TableName").asText())).table();
                List<String> keys = new ArrayList<>();
                p.get("KeySchema").forEach(k -> keys.add(k.get("AttributeName").asText() + ":" + k.get("KeyType").asText()));
                assertThat(d.keySchema()).extracting(k -> k.attributeName() + ":" + k.keyTypeAsString()).as(logicalId).containsExactlyElementsOf(keys);
                JsonNode stream = p.get("StreamSpecification");
                boolean streamed = d.streamSpecification() != null && Boolean.TRUE.equals(d.streamSpecification().streamEnabled());
                assertThat(streamed).as(logicalId + " streamed").isEqualTo(stream != null);
                if (stream != null) {
                    assertThat(d.streamSpecification().streamViewTypeAsString()).isEqualTo(stream.get("StreamViewType").asText());
                }
            }
            // A resource without a name in the template gets <stack>-<logical id>-<suffix>.
            assertThat(streams).hasSize(1);
            List<String> deployedStreams = kinesis.listStreams().streamNames();
            assertThat(deployedStreams).as("the stream").filteredOn(n -> n.startsWith(STACK + "-" + streams.get(0))).hasSize(1);
            String mode = kinesis.describeStreamSummary(b -> b.streamName(deployedStreams.stream()
                    .filter(n -> n.startsWith(STACK + "-")).findFirst().orElseThrow())).streamDescriptionSummary().streamModeDetails().streamModeAsString();
            String templateMode = template.get("Resources").get(streams.get(0)).get("Properties").path("StreamModeDetails").path("StreamMode").asText();
            List<String> deployedTopics = sns.listTopics().topics().stream().map(t -> t.topicArn()).toList();
            List<String> notCreated = new ArrayList<>();
            for (String topic : topics) {
                if (deployedTopics.stream().noneMatch(arn -> arn.contains(":" + STACK + "-" + topic))) {
                    notCreated.add(topic);
                }
            }
            assertThat(topics).filteredOn(t -> t.startsWith("AlertsTopic")).hasSize(1);
            assertThat(notCreated).as("the alerts topic is deployed").noneMatch(t -> t.startsWith("AlertsTopic"));
            // What moto does differently is printed, not hidden: it is what the rehearsal cannot show.
            System.out.printf("deploy rehearsal: stream mode %s (template %s); SNS topics of the template moto did not create: %s%n", mode,
                    templateMode, notCreated);
        }
        // The template declares every output the CLI reads; what moto returns of them is printed.
        for (String key : StackOutputs.always()) {
            assertThat(template.get("Outputs").has(key)).as("output " + key + " in the template").isTrue();
        }
        System.out.println("deploy rehearsal: stack outputs returned by moto: " + deployedOutputs());
    }

    @Test
    @Order(2)
    void putRunAndQueryAgainstTheStackGiveTheReferenceViews() throws Exception {
        Path input = work.resolve("events.jsonl");
        Result generated = tidemark("generate", "--seed", "5", "--count", "600", "--users", "40");
        assertThat(generated.exit()).as(generated.err()).isZero();
        Files.writeString(input, generated.out(), StandardCharsets.UTF_8);
        Map<String, String> outputs = deployedOutputs();

        String stream;
        if (outputs.containsKey(StackOutputs.STREAM_NAME)) {
            stream = outputs.get(StackOutputs.STREAM_NAME);
        } else {
            Result withoutStream = tidemark("put", "--stack", STACK, input.toString());
            assertThat(withoutStream.exit()).as("no stream to fall back to").isNotZero();
            assertThat(withoutStream.err()).contains("has no output " + StackOutputs.STREAM_NAME).contains("pass --stream");
            try (KinesisClient kinesis = clients().kinesis()) {
                stream = kinesis.listStreams().streamNames().stream().filter(n -> n.startsWith(STACK + "-")).findFirst().orElseThrow();
            }
        }
        Result put = tidemark("put", "--stack", STACK, "--stream", stream, input.toString());
        assertThat(put.exit()).as(put.err()).isZero();

        Result run = tidemark("run", "--stack", STACK, "--stream", stream, "--until-idle", "--end-of-input");
        assertThat(run.exit()).as(run.err()).isZero();
        if (!outputs.containsKey(StackOutputs.TABLE_PREFIX)) {
            assertThat(run.err()).as("the fallback is said").contains("has no output " + StackOutputs.TABLE_PREFIX).contains("--table-prefix");
        }
        // Without the TablePrefix output run used tables tidemark-*; the stack's own are rehearsal-*: run there too.
        Result runOnStackTables = tidemark("run", "--stack", STACK, "--stream", stream, "--table-prefix", PREFIX, "--until-idle",
                "--end-of-input");
        assertThat(runOnStackTables.exit()).as(runOnStackTables.err()).isZero();

        Result query = tidemark("query", "all", "--json", "--stack", STACK, "--table-prefix", PREFIX);
        assertThat(query.exit()).as(query.err()).isZero();
        Report expected = FileReference.of(Files.readAllLines(input, StandardCharsets.UTF_8), EventTimeSettings.defaults());
        assertThat(ReportJson.read(query.out())).isEqualTo(expected);
        assertThat(expected.counts().accepted()).isPositive();
        assertThat(expected.cartAbandonments()).isNotEmpty();
    }

    @Test
    @Order(3)
    void destroyRemovesTheStacksTablesAndStream() throws Exception {
        Result destroy = cdk("destroy", "--force");
        assertThat(destroy.exit()).as(destroy.out()).isZero();
        try (DynamoDbClient dynamo = clients().dynamoDb(); KinesisClient kinesis = clients().kinesis()) {
            assertThat(dynamo.listTables().tableNames()).noneMatch(t -> t.startsWith(PREFIX + "-"));
            assertThat(kinesis.listStreams().streamNames()).noneMatch(n -> n.startsWith(STACK + "-"));
        }
    }

    private static Map<String, String> deployedOutputs() {
        try (CloudFormationClient cfn = clients().aws().sync(CloudFormationClient.builder(), ToolClients.CLOUDFORMATION).build()) {
            Map<String, String> out = new HashMap<>();
            cfn.describeStacks(b -> b.stackName(STACK)).stacks().forEach(s -> s.outputs().forEach(o -> out.put(o.outputKey(), o.outputValue())));
            return out;
        }
    }

    private static ToolClients clients() {
        // Kinesis without CBOR: moto's Kinesis speaks JSON only (as the CLI processes below are told).
        System.setProperty("aws.cborEnabled", "false");
        return new ToolClients(AwsClients.builder().environment(awsEnvironment())
                .credentials(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).build());
    }

    private static Map<String, String> awsEnvironment() {
        Map<String, String> env = new HashMap<>();
        env.put("AWS_ENDPOINT_URL", endpoint);
        env.put("AWS_ENDPOINT_URL_S3", endpoint);
        env.put("AWS_ACCESS_KEY_ID", "test");
        env.put("AWS_SECRET_ACCESS_KEY", "test");
        env.put("AWS_REGION", REGION);
        env.put("AWS_DEFAULT_REGION", REGION);
        return env;
    }

    /** The pinned CDK CLI in infra-cdk (cdklocal for deploy, as docs/deploy.md §8 says), the stack's context and the Lambda jar. */
    private static Result cdk(String command, String... args) throws Exception {
        List<String> cli = new ArrayList<>(List.of(infra.resolve("node_modules/.bin/" + (command.equals("deploy") ? "cdklocal" : "cdk")).toString(),
                command, "--no-notices", "--output", work.resolve("cdk.out").toString(),
                // Context keys of io.tidemark.infra.DeploymentSettings.
                "-c", "stackName=" + STACK, "-c", "tablePrefix=" + PREFIX, "-c", "removalPolicy=destroy", "-c", "lambdaJar=" + lambdaJar));
        cli.addAll(List.of(args));
        return run(cli, infra, awsEnvironment(), 900);
    }

    /**
     * {@code tidemark …} as its own JVM, with the rehearsal's endpoint in its environment, as a user runs it.
     * moto's Kinesis speaks JSON only: the SDK's CBOR is turned off, as docs/deploy.md §8 says.
     */
    private static Result tidemark(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Daws.cborEnabled=false", "-cp", System.getProperty("java.class.path"), Tidemark.class.getName()));
        command.addAll(List.of(args));
        return run(command, work, awsEnvironment(), 300);
    }

    record Result(int exit, String out, String err, double seconds) {
    }

    private static Result run(List<String> command, Path dir, Map<String, String> env, long timeoutSeconds) throws IOException, InterruptedException {
        Path out = Files.createTempFile(work == null ? Path.of(System.getProperty("java.io.tmpdir")) : work, "out-", ".txt");
        Path err = Files.createTempFile(out.getParent(), "err-", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("AWS_") || k.equals("JAVA_TOOL_OPTIONS"));
        builder.environment().putAll(env);
        long started = System.nanoTime();
        Process p = builder.start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(command + " did not finish within " + timeoutSeconds + " s: " + Files.readString(err));
        }
        String stdout = Files.readString(out, StandardCharsets.UTF_8);
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        // The CDK CLI prints its progress on stderr: both streams for its messages.
        return new Result(p.exitValue(), command.get(0).endsWith("java") ? stdout : stdout + stderr, stderr, (System.nanoTime() - started) / 1e9);
    }

    private static void awaitMoto() throws InterruptedException {
        for (int i = 0; i < 300; i++) {
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create(endpoint + "/moto-api/").toURL().openConnection();
                c.setConnectTimeout(1000);
                if (c.getResponseCode() > 0) {
                    return;
                }
            } catch (IOException notYet) {
                if (!moto.isAlive()) {
                    throw new IllegalStateException("moto exited during start-up: see " + work.resolve("moto.log"));
                }
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("moto did not answer within 30 s: see " + work.resolve("moto.log"));
    }
}
