package dev.lrfinder.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lrfinder.cli.SweepCell;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A cell asking for any GPU runs on the one Spark gave its task; one naming its GPU keeps it. */
class GpuPlacementTest {
    @Test
    void cudaBecomesTheTasksGpuAndANamedGpuStays() {
        SweepCell any = new SweepCell("c", Map.of(), List.of("--backend", "native", "--device", "cuda", "--runs", "2"));
        assertEquals(List.of("--backend", "native", "--device", "cuda:3", "--runs", "2"), SparkCells.onGpu(any, "3").args());
        SweepCell inline = new SweepCell("c", Map.of(), List.of("--device=cuda"));
        assertEquals(List.of("--device=cuda:1"), SparkCells.onGpu(inline, "1").args());
        SweepCell named = new SweepCell("c", Map.of(), List.of("--device", "cuda:0"));
        assertEquals(named.args(), SparkCells.onGpu(named, "3").args());
        SweepCell cpu = new SweepCell("c", Map.of(), List.of("--runs", "2"));
        assertEquals(cpu.args(), SparkCells.onGpu(cpu, "3").args());
    }
}
