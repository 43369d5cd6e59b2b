package io.tidemark.bench.suite;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tidemark.bench.coldstart.ColdStartRun;
import io.tidemark.bench.coldstart.FloorRun;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Section 5's floor rows and sentence: medians of the floor's runs beside this build's cold start, and older results without them. */
class ColdStartFloorTest {

    private static ColdStartRun.Sample cold(double init, double first) {
        return new ColdStartRun.Sample("this", "cold", init, first, 1_100, 60, 27, 2_400);
    }

    private static FloorRun.Sample floor(FloorRun.Handler h, double init, double first) {
        return new FloorRun.Sample(h, init, first, 900);
    }

    private static ColdStartSection.Result result(ColdStartSection.Floor runtimeOnly, ColdStartSection.Floor sdkOnly, List<FloorRun.Sample> floors) {
        List<ColdStartRun.Sample> colds = List.of(cold(700, 560), cold(735, 608), cold(760, 590));
        ColdStartSection.Mode coldMode = ColdStartSection.Mode.of("this", "cold", colds);
        ColdStartSection.Mode primed = new ColdStartSection.Mode("this", "primed", 3, 950, 360, 1_310, 1_130, 60, 27);
        return new ColdStartSection.Result(new ColdStartSection.Jar("this", "this build", 11_997_706, 7_124), null, coldMode, primed, null, colds,
                ColdStartRun.JVM_FLAGS, "-XX:MetaspaceSize=64m", 0, 500, 7_290, "3 runs' input", runtimeOnly, sdkOnly, floors, "1");
    }

    private static ColdStartSection.Result measured() {
        List<FloorRun.Sample> floors = List.of(
                floor(FloorRun.Handler.RUNTIME_ONLY, 103, 4), floor(FloorRun.Handler.SDK_ONLY, 480, 240),
                floor(FloorRun.Handler.RUNTIME_ONLY, 98, 6), floor(FloorRun.Handler.SDK_ONLY, 520, 250),
                floor(FloorRun.Handler.RUNTIME_ONLY, 110, 5), floor(FloorRun.Handler.SDK_ONLY, 560, 230));
        return result(ColdStartSection.Floor.of(FloorRun.Handler.RUNTIME_ONLY, floors), ColdStartSection.Floor.of(FloorRun.Handler.SDK_ONLY, floors), floors);
    }

    private static String page(ColdStartSection.Result c) {
        return new BenchmarksDoc(new SuiteResults(Machine.describe(), "full", "bench/run", "2026-12-05T10:00:00Z", "2026-12-05T10:10:00Z", 1.0, null,
                null, null, null, null, c, null, null, null, null, List.of()), Map.of()).render();
    }

    @Test
    void theFloorsAreMediansOfTheirOwnHandlersRuns() {
        ColdStartSection.Result c = measured();
        // JVM start → first invocation per run: 107, 104, 115 (runtime only); 720, 770, 790 (SDK only).
        assertThat(c.runtimeOnly()).isEqualTo(new ColdStartSection.Floor(FloorRun.Handler.RUNTIME_ONLY, 3, 103, 5, 107));
        assertThat(c.sdkOnly()).isEqualTo(new ColdStartSection.Floor(FloorRun.Handler.SDK_ONLY, 3, 520, 240, 770));
    }

    @Test
    void theTableShowsBothFloorsAndTheSentenceSplitsTheColdStart() {
        String page = page(measured());

        assertThat(page).contains("| this build | 11 997 706 | 7 124 | cold | 735 ms | 590 ms | 1 343 ms | 1 100 ms | 60.0 MiB |\n"
                + "| this build | 11 997 706 | 7 124 | primed | 950 ms | 360 ms | — (init before the snapshot) | 1 130 ms | 60.0 MiB |\n"
                + "| floor: runtime client only | — | — | cold | 103 ms | 5 ms | 107 ms | — | — |\n"
                + "| floor: AWS SDK only: client + the first batch's four DynamoDB operations | — | — | cold | 520 ms | 240 ms | 770 ms | — | — |\n");
        // 1 343 − 770 = 573 ms Tidemark's; 770 − 107 = 663 ms the SDK's; 1 000 − 770 = 230 ms left under the target, 573 − 230 = 343 over.
        assertThat(page).contains("Of this build's 1 343 ms from JVM start to the first batch, the floor takes 770 ms (57 %: the runtime client 107 ms,"
                + " the AWS SDK's client and four calls 663 ms) and 573 ms (43 %) remains Tidemark's: its classes, settings and the first batch's work"
                + " beyond those four calls. Under the 1 s target the floor leaves 230 ms for Tidemark's share, 343 ms less than it takes.");
    }

    @Test
    void aFloorAsSlowAsTheWholeColdStartLeavesNothingToTidemark() {
        List<FloorRun.Sample> floors = List.of(floor(FloorRun.Handler.RUNTIME_ONLY, 100, 5), floor(FloorRun.Handler.SDK_ONLY, 900, 500));
        String sentence = BenchmarksDoc.floorSentence(result(ColdStartSection.Floor.of(FloorRun.Handler.RUNTIME_ONLY, floors),
                ColdStartSection.Floor.of(FloorRun.Handler.SDK_ONLY, floors), floors));

        assertThat(sentence).isEqualTo("Of this build's 1 343 ms from JVM start to the first batch, the floor takes 1 400 ms (104 %: the runtime client 105 ms,"
                + " the AWS SDK's client and four calls 1 295 ms) — as long as the whole cold start, within the runs' noise: nothing measurable remains Tidemark's.");
    }

    @Test
    void theSentencesDifferencesAddUpWithTheMillisecondsItShows() {
        // Medians 1 010.4, 675.4 and 109.6 ms show as 1 010, 675 and 110: the SDK's share is 675 − 110 = 565, Tidemark's 1 010 − 675 = 335.
        List<FloorRun.Sample> floors = List.of(floor(FloorRun.Handler.RUNTIME_ONLY, 104.6, 5), floor(FloorRun.Handler.SDK_ONLY, 452.4, 223));
        ColdStartSection.Result c = result(ColdStartSection.Floor.of(FloorRun.Handler.RUNTIME_ONLY, floors),
                ColdStartSection.Floor.of(FloorRun.Handler.SDK_ONLY, floors), floors);
        ColdStartSection.Mode cold = new ColdStartSection.Mode("this", "cold", 5, 511, 499.4, 1_010.4, 1_009, 56, 27);
        String sentence = BenchmarksDoc.floorSentence(new ColdStartSection.Result(c.thisJar(), null, cold, c.primed(), null, c.samples(), c.jvmFlags(),
                c.javaToolOptions(), 0, 500, 7_290, c.input(), c.runtimeOnly(), c.sdkOnly(), floors, c.othersOnCpus()));

        assertThat(sentence).startsWith("Of this build's 1 010 ms from JVM start to the first batch, the floor takes 675 ms (67 %: the runtime client 110 ms,"
                + " the AWS SDK's client and four calls 565 ms) and 335 ms (33 %) remains Tidemark's");
        assertThat(sentence).endsWith("the floor leaves 325 ms for Tidemark's share, 10 ms less than it takes.");
    }

    @Test
    void resultsOfAnEarlierRunWithoutTheFloorRenderAsNotMeasured() throws IOException {
        // An earlier run's results.json: the section as it was, without the floor's fields.
        ObjectNode json = BenchSuite.mapper().valueToTree(measured());
        json.remove(List.of("runtimeOnly", "sdkOnly", "floorSamples"));
        ColdStartSection.Result earlier = BenchSuite.mapper().treeToValue(json, ColdStartSection.Result.class);

        String page = page(earlier);

        assertThat(page).contains("| floor: runtime client only | — | — | cold | not measured | not measured | not measured | — | — |\n"
                + "| floor: AWS SDK only: client + the first batch's four DynamoDB operations | — | — | cold | not measured | not measured | not measured | — | — |\n");
        assertThat(page).contains("The floor (the runtime client and the AWS SDK alone) was not measured in this run.");
    }

    @Test
    void theFloorSurvivesResultsJson() throws IOException {
        ColdStartSection.Result c = measured();
        ColdStartSection.Result back = BenchSuite.mapper().readValue(BenchSuite.mapper().writeValueAsString(c), ColdStartSection.Result.class);

        assertThat(back.runtimeOnly()).isEqualTo(c.runtimeOnly());
        assertThat(back.sdkOnly()).isEqualTo(c.sdkOnly());
        assertThat(back.floorSamples()).isEqualTo(c.floorSamples());
    }
}
