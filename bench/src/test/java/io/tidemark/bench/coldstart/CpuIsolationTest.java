package io.tidemark.bench.coldstart;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CpuIsolationTest {

    @Test
    void theOtherProcessesGetEveryCpuButTheFunctions() {
        assertThat(CpuIsolation.otherCpus(0, 2)).isEqualTo("1");
        assertThat(CpuIsolation.otherCpus(0, 4)).isEqualTo("1,2,3");
        assertThat(CpuIsolation.otherCpus(2, 4)).isEqualTo("0,1,3");
    }

    @Test
    void onOneCpuNothingCanMove() {
        assertThat(CpuIsolation.otherCpus(0, 1)).isEmpty();
    }
}
