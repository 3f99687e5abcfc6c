package dev.lrfinder.bench;

import dev.lrfinder.Backends;
import dev.lrfinder.sweep.SweepBackend;
import dev.lrfinder.sweep.SweepConfig;
import dev.lrfinder.sweep.SweepResult;
import dev.lrfinder.task.ModelSpec;
import dev.lrfinder.task.TaskSpec;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What one range test costs end to end, as {@code lrfinder find} runs it: build and initialise the
 * model, snapshot it, 100 steps with the rate rising from 1e-7 to 10 (stopping at divergence), and
 * restore. The task's data are generated once per trial (the backend keeps the last dataset).
 * Each backend runs in forks of its own (JMH forks per parameter set): one libtorch per JVM.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Dai.djl.offline=true"})
@State(Scope.Benchmark)
public class WholeSweepBenchmark {

    @Param({"djl", "native"})
    public String backend;

    @Param({"mlp256", "cnn"})
    public String model;

    private SweepBackend sweeps;
    private ModelSpec modelSpec;
    private final TaskSpec task = TaskSpec.defaults();
    private final SweepConfig config = SweepConfig.defaults();
    private long seed;

    @Setup(Level.Trial)
    public void setUp() {
        sweeps = Backends.byId(backend);
        modelSpec = BuiltinModels.byName(model);
        sweeps.run(task, modelSpec, config); // generates and keeps the task's data
    }

    @Benchmark
    public SweepResult rangeTest() {
        return sweeps.run(task, modelSpec, config.toBuilder().optSeed(seed++).build());
    }
}
