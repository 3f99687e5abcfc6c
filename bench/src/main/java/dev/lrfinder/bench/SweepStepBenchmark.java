package dev.lrfinder.bench;

import dev.lrfinder.Backends;
import dev.lrfinder.sweep.OptimizerKind;
import dev.lrfinder.sweep.OptimizerSpec;
import dev.lrfinder.sweep.SweepConfig;
import dev.lrfinder.task.TaskSpec;
import java.util.concurrent.TimeUnit;
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
 * Steps per second of one full range-test step: batch in, forward, loss, backward, optimizer update
 * at a new learning rate, loss read back (as torch-lr-finder reads {@code loss.item()} every step).
 * The model, optimizer and data are set up once per trial on the 1x28x28 patterns task, as a
 * backend's {@link SweepSession}; each backend runs in its own forked JVM (one libtorch per process).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Dai.djl.offline=true"})
@State(Scope.Benchmark)
public class SweepStepBenchmark extends SessionStep {

    @Param({"djl", "native"})
    public String backend;

    @Param({"mlp256", "mlp1024", "cnn"})
    public String model;

    @Param({"32", "128", "512"})
    public int batchSize;

    /** An {@code OptimizerKind} id ({@code -p optimizer=sgd,momentum,adam,rmsprop}); plain SGD by default. */
    @Param({"sgd"})
    public String optimizer;

    @Setup(Level.Trial)
    public void open() {
        SweepConfig config = SweepConfig.builder().optBatchSize(batchSize)
                .optOptimizer(OptimizerSpec.of(OptimizerKind.byId(optimizer))).build();
        session = Backends.byId(backend).open(TaskSpec.defaults(), BuiltinModels.byName(model), config);
    }
}
