package io.tidemark.bench.suite;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GeneratedBlockTest {

    @Test
    void onlyTheBlockIsReplaced() {
        String page = "intro\n" + GeneratedBlock.START + "\nold\n" + GeneratedBlock.END + "\noutro\n";
        String out = GeneratedBlock.replace(page, "| new |");
        assertThat(out).isEqualTo("intro\n" + GeneratedBlock.START + "\n\n| new |\n\n" + GeneratedBlock.END + "\noutro\n");
        assertThat(GeneratedBlock.replace(out, "| new |")).as("replacing again changes nothing").isEqualTo(out);
    }

    @Test
    void aPageWithoutTheMarkersIsRefusedWithWhereToPutThem() {
        assertThatThrownBy(() -> GeneratedBlock.replace("no block here", "x")).hasMessageContaining(GeneratedBlock.START)
                .hasMessageContaining(GeneratedBlock.END);
    }

    @Test
    void theDeployGuideHasTheBlock() throws Exception {
        String deploy = java.nio.file.Files.readString(io.tidemark.testkit.emulators.RepositoryRoot.find().resolve("docs/deploy.md"));
        assertThat(deploy).contains(GeneratedBlock.START, GeneratedBlock.END);
    }
}
