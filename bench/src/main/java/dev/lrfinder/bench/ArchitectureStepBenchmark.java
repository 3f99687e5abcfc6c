package dev.lrfinder.bench;

import dev.lrfinder.Backends;
import dev.lrfinder.sweep.SweepConfig;
import dev.lrfinder.task.ModelSpec;
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
 * Milliseconds per range-test step of the standard architectures (batch norm training, loss read
 * back every step) on CIFAR-shaped 3x32x32 images, small-image stems; each backend in forks of its
 * own. A step is 0.1-2 s on one core, so the iterations are long and few:
 * {@code native-scripts/jmh ArchitectureStep -p model=resnet18} runs one model on both backends.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1, time = 10)
@Measurement(iterations = 3, time = 10)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Dai.djl.offline=true"})
@State(Scope.Benchmark)
public class ArchitectureStepBenchmark extends SessionStep {

    @Param({"djl", "native"})
    public String backend;

    @Param({"resnet18", "resnet50", "vgg", "mobilenet"})
    public String model;

    @Param({"32"})
    public int batchSize;

    @Setup(Level.Trial)
    public void open() {
        SweepConfig config = SweepConfig.builder().optBatchSize(batchSize).build();
        session = Backends.byId(backend).open(RgbImages.of(512, 32, 1), ModelSpec.defaults(ModelSpec.Kind.byId(model)),
                config);
    }
}
