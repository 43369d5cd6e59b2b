package io.tidemark.cli;

import io.tidemark.cli.options.ExitCodes;
import io.tidemark.testkit.emulators.EmulatorStack;
import io.tidemark.testkit.emulators.Endpoints;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a new user meets before anything is deployed, each said in one line that names the missing piece and
 * what to do: tables that do not exist yet, a stack that is not there (moto's CloudFormation answers that it
 * does not exist, as AWS would).
 */
@ExtendWith(EmulatorStack.class)
class MissingPiecesEmulatorTest {

    @TempDir
    Path dir;

    @BeforeAll
    static void emulators(Endpoints endpoints) {
        Cli.useEmulators(endpoints);
    }

    @Test
    void customersLoadIntoTablesThatDoNotExistNamesTheTableAndWhatToRun() throws Exception {
        Path customers = dir.resolve("customers.csv");
        Files.writeString(customers, "user_id,tier\nc1,gold\n");
        String prefix = "absent-" + UUID.randomUUID().toString().substring(0, 8);

        Cli.Result load = Cli.run("customers", "load", customers.toString(), "--table-prefix", prefix, "--region", "us-east-1");

        assertThat(load.exit()).isEqualTo(ExitCodes.ERROR);
        assertThat(load.err().strip().lines().toList()).hasSize(1);
        assertThat(load.err()).contains("table " + prefix + "-customers does not exist").contains("deploy the stack first");
    }

    @Test
    void withoutAStackPutAndAlertsTailSayWhichOptionToPassInOneLine() {
        Cli.Result put = Cli.run("put", "--generate", "--count", "1", "--stack", "NoSuchStack");
        assertThat(put.exit()).isEqualTo(ExitCodes.ERROR);
        assertThat(put.err().strip().lines().toList()).hasSize(1);
        assertThat(put.err()).contains("no --stream given").contains("pass --stream or deploy the stack first").doesNotContain("Exception");

        Cli.Result tail = Cli.run("alerts", "tail", "--stack", "NoSuchStack");
        assertThat(tail.exit()).isEqualTo(ExitCodes.ERROR);
        assertThat(tail.err().strip().lines().toList()).hasSize(1);
        assertThat(tail.err()).contains("no --topic given").contains("pass --topic or deploy the stack first");
    }
}
