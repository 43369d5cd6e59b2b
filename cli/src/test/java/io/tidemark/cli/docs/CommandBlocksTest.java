package io.tidemark.cli.docs;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How command blocks are found: only {@code ```bash} fences, with their line, and the reason a block is not run. */
class CommandBlocksTest {

    private static final Path DOC = Path.of("docs/x.md");

    @Test
    void bashBlocksInOrderWithTheLineTheirFenceOpensOn() {
        List<CommandBlocks.Block> blocks = CommandBlocks.parse(DOC, List.of(
                "# x", "```bash", "echo one", "```", "```text", "not a command", "```", "", "```bash", "echo two", "echo three", "```"));

        assertThat(blocks).extracting(CommandBlocks.Block::line).containsExactly(2, 9);
        assertThat(blocks).extracting(CommandBlocks.Block::commands).containsExactly("echo one\n", "echo two\necho three\n");
        assertThat(blocks).allMatch(CommandBlocks.Block::runs);
    }

    @Test
    void aBlockAfterANotRunCommentIsNotRunAndKeepsItsReason() {
        List<CommandBlocks.Block> blocks = CommandBlocks.parse(DOC, List.of(
                "<!-- not run here: needs an AWS account -->", "```bash", "cdk deploy", "```",
                "<!-- not run here -->", "", "```bash", "cdk destroy", "```"));

        assertThat(blocks.get(0).runs()).isFalse();
        assertThat(blocks.get(0).notRunReason()).isEqualTo("needs an AWS account");
        assertThat(blocks.get(1).runs()).isFalse();
        assertThat(blocks.get(1).notRunReason()).as("no reason given: the runner refuses it").isEmpty();
    }

    @Test
    void aBlockNeverClosedIsAnError() {
        assertThatThrownBy(() -> CommandBlocks.parse(DOC, List.of("```bash", "echo")))
                .hasMessageContaining("docs/x.md:1");
    }
}
