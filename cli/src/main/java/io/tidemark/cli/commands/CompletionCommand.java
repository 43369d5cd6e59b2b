package io.tidemark.cli.commands;

import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tidemark completion bash|zsh}: a completion script for every command and option. */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = {"Prints a shell completion script for tidemark: commands, subcommands, options and their fixed values. "
                + "zsh runs the bash script through bashcompinit (the script sets that up)."},
        footer = {"", "Examples:",
                "  source <(tidemark completion bash)                       # this shell",
                "  tidemark completion bash > ~/.local/share/bash-completion/completions/tidemark",
                "  echo 'source <(tidemark completion zsh)' >> ~/.zshrc"})
public final class CompletionCommand implements Runnable {

    /** The shells the script is for. */
    enum Shell { bash, zsh }

    @Parameters(index = "0", paramLabel = "SHELL", description = "bash or zsh.")
    Shell shell;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        // One script serves both: picocli's generated script enables bash completion in zsh itself.
        System.out.print(AutoComplete.bash("tidemark", spec.root().commandLine()));
    }
}
