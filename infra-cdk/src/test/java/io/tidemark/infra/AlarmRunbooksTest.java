package io.tidemark.infra;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** Every alarm the stack creates has a runbook in docs/operations.md (means, look at, do), and no runbook is for an alarm it lacks. */
class AlarmRunbooksTest {

    @Test
    void everyAlarmOfTheStackHasARunbookSection() throws Exception {
        Set<String> alarms = new TreeSet<>();
        for (Synthesized synth : new Synthesized[] {Synthesized.defaults(), Synthesized.variant()}) {
            synth.resources("AWS::CloudWatch::Alarm").keySet().forEach(id -> alarms.add(alarmId(id)));
        }
        assertThat(alarms).contains("IteratorAgeAlarm", "AlertQueueDeadLettersAlarm");

        Map<String, String> sections = OperationsDoc.sections();
        Set<String> runbooks = new TreeSet<>();
        sections.forEach((heading, body) -> {
            if (heading.matches("`\\w+Alarm`")) {
                runbooks.add(heading.substring(1, heading.length() - 1));
                assertThat(body).as("runbook " + heading).contains("**Means**").contains("**Look at**").contains("**Do**");
            }
        });
        assertThat(runbooks).as("runbook sections (### `<alarm id>`) in " + OperationsDoc.FILE).isEqualTo(alarms);
    }

    /** {@code OperationsIteratorAgeAlarmFF262331} → {@code IteratorAgeAlarm}: the id given in {@code Operations}. */
    static String alarmId(String logicalId) {
        return logicalId.replaceFirst("^Operations", "").replaceFirst("[0-9A-F]{8}$", "");
    }
}
