package dev.lrfinder;

import dev.lrfinder.nativebackend.NativeBackend;
import dev.lrfinder.sweep.OptimizerKind;
import dev.lrfinder.sweep.OptimizerSpec;
import dev.lrfinder.sweep.SweepBackend;
import dev.lrfinder.sweep.SweepConfig;
import dev.lrfinder.sweep.SweepData;
import dev.lrfinder.sweep.SweepSession;
import dev.lrfinder.task.ScriptModel;
import dev.lrfinder.task.TaskKind;
import dev.lrfinder.task.TaskSpec;
import dev.lrfinder.task.TorchScriptFixtures;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A child JVM's part of {@link ScriptBackendsAgreeTest} (one libtorch per process): the losses of
 * the first {@link #STEPS} steps at one fixed rate of each case on the backend named by the first
 * argument, one line per case, {@code case loss loss ...}; or {@code UNAVAILABLE reason}.
 */
public final class ScriptFirstSteps {
    static final int STEPS = 5;
    static final double LR = 0.05;

    /** A TorchScript fixture on data of its shape, with an optimizer. */
    record Case(String name, String fixture, TaskSpec task, OptimizerKind optimizer) {}

    static final List<Case> CASES = List.of(
            new Case("classifier-sgd", TorchScriptFixtures.CLASSIFIER, blobs(), OptimizerKind.SGD),
            new Case("classifier-momentum", TorchScriptFixtures.CLASSIFIER, blobs(), OptimizerKind.MOMENTUM),
            new Case("classifier-adam", TorchScriptFixtures.CLASSIFIER, blobs(), OptimizerKind.ADAM),
            new Case("regressor-sgd", TorchScriptFixtures.REGRESSOR,
                    TaskSpec.defaults(TaskKind.REGRESSION).withSamples(512).withDims(4), OptimizerKind.SGD));

    private ScriptFirstSteps() {}

    private static TaskSpec blobs() {
        return TaskSpec.named("blobs").withSamples(512).withDims(8).withClasses(3);
    }

    public static void main(String[] args) {
        String backendId = args[0];
        if (backendId.equals("native") && NativeBackend.unavailableReason().isPresent()) {
            System.out.println("UNAVAILABLE " + NativeBackend.unavailableReason().get().lines().findFirst().orElse(""));
            return;
        }
        SweepBackend backend = Backends.byId(backendId);
        for (Case c : CASES) {
            SweepConfig config = SweepConfig.builder().optSteps(STEPS)
                    .optOptimizer(OptimizerSpec.of(c.optimizer())).build();
            double[] losses = new double[STEPS];
            try (SweepSession session = backend.open(SweepData.of(c.task().trainingData()),
                    new ScriptModel(TorchScriptFixtures.path(c.fixture())), config)) {
                for (int i = 0; i < STEPS; i++) {
                    session.step(LR);
                }
                session.readLosses(losses, 0);
            }
            System.out.println(c.name() + " " + Arrays.stream(losses)
                    .mapToObj(l -> String.format(Locale.ROOT, "%.9g", l)).collect(Collectors.joining(" ")));
        }
    }
}
