package dev.lrfinder.bench;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import dev.lrfinder.djl.DjlBackend;
import dev.lrfinder.djl.DjlSession;
import dev.lrfinder.nativebackend.NativeData;
import dev.lrfinder.nativebackend.NativeModel;
import dev.lrfinder.nativebackend.NativeTrainer;
import dev.lrfinder.sweep.SweepConfig;
import dev.lrfinder.task.BatchSampler;
import dev.lrfinder.task.ModelSpec;
import dev.lrfinder.task.TaskData;
import dev.lrfinder.task.TaskSpec;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Steps per second of one full range-test step: batch in, forward, loss, backward, optimizer update
 * at a new learning rate, loss read back (as torch-lr-finder reads {@code loss.item()} every step).
 * The model, optimizer and data are set up once per trial on the 1x28x28 patterns task; each
 * backend runs in its own forked JVM (one libtorch per process).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Dai.djl.offline=true"})
@State(Scope.Benchmark)
public class SweepStepBenchmark {

    @Param({"djl", "native"})
    public String backend;

    @Param({"mlp256", "mlp1024", "cnn"})
    public String model;

    @Param({"32", "128", "512"})
    public int batchSize;

    /** One step at a rate; the loss comes back. */
    private interface Stepper extends AutoCloseable {
        double step(double lr);

        @Override
        void close();
    }

    private Stepper stepper;
    private int step;

    @Setup(Level.Trial)
    public void open() {
        TaskSpec task = TaskSpec.defaults();
        ModelSpec spec = BuiltinModels.byName(model);
        SweepConfig config = SweepConfig.builder().optBatchSize(batchSize).build();
        stepper = backend.equals("native") ? nativeStepper(task, spec, config) : djlStepper(task, spec, config);
    }

    /** A new rate every step, small enough that no run diverges however long JMH runs it. */
    @Benchmark
    public double step() {
        return stepper.step(1e-4 * (1 + (step++ & 7)));
    }

    @TearDown(Level.Trial)
    public void close() {
        stepper.close();
    }

    private static Stepper djlStepper(TaskSpec task, ModelSpec spec, SweepConfig config) {
        DjlSession session = new DjlBackend().open(task, spec, config);
        return new Stepper() {
            @Override
            public double step(double lr) {
                return session.step(lr);
            }

            @Override
            public void close() {
                session.close();
            }
        };
    }

    private static Stepper nativeStepper(TaskSpec task, ModelSpec spec, SweepConfig config) {
        TaskData data = task.generate();
        Arena arena = Arena.ofShared();
        MemorySegment features = arena.allocateFrom(JAVA_FLOAT, data.features());
        MemorySegment targets = arena.allocateFrom(JAVA_FLOAT, data.targets());
        NativeData samples = NativeData.of(features, targets, data.sampleShape(), "cpu");
        NativeModel net = NativeModel.builtin(spec, data.sampleShape(), data.outputs(), config.seed(), "cpu");
        NativeTrainer trainer = NativeTrainer.create(net, "cross_entropy", config);
        BatchSampler sampler = new BatchSampler(data, task, config.batchSize(), config.seed());
        long[] rows = new long[config.batchSize()];
        byte[] flips = new byte[config.batchSize()];
        int[] noise = new int[config.batchSize()];
        return new Stepper() {
            @Override
            public double step(double lr) {
                sampler.nextPlan(rows, flips, noise, 0);
                return trainer.step(samples, lr, rows, null, null).loss();
            }

            @Override
            public void close() {
                trainer.close();
                net.close();
                samples.close();
                arena.close();
            }
        };
    }
}
