package io.tidemark.infra;

import software.amazon.awscdk.CfnResource;
import software.constructs.IConstruct;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Writes the checks of the checkov IaC scanner that do not fit a resource into that resource's
 * template metadata ({@code Metadata.checkov.skip}), each with the reason, where a reviewer reads
 * it next to the resource. Every skip of the stack is set by the construct that owns the resource.
 */
final class CheckovSkips {

    /** @param checkId e.g. {@code CKV_AWS_117}
     *  @param reason  why the check does not fit this resource (not empty) */
    record Skip(String checkId, String reason) {
        Skip {
            Objects.requireNonNull(checkId, "checkId");
            if (reason == null || reason.isBlank()) {
                throw new IllegalArgumentException("a checkov skip of " + checkId + " needs a reason");
            }
        }
    }

    private CheckovSkips() {
    }

    /** Sets all skips of one resource at once (a second call on the same resource would replace the first's). */
    static void apply(IConstruct construct, List<Skip> skips) {
        if (skips.isEmpty()) {
            return;
        }
        CfnResource resource = construct instanceof CfnResource cfn ? cfn : (CfnResource) construct.getNode().getDefaultChild();
        if (resource.getMetadata("checkov") != null) {
            throw new IllegalStateException(resource.getNode().getPath() + " already has checkov skips: set them in one call");
        }
        List<Map<String, String>> entries = skips.stream()
                .map(s -> Map.of("id", s.checkId(), "comment", s.reason()))
                .toList();
        resource.addMetadata("checkov", Map.of("skip", entries));
    }
}
