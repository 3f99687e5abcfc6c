package dev.lrfinder.djl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.lrfinder.sweep.SweepConfig;
import dev.lrfinder.task.ModelSpec;
import dev.lrfinder.task.TaskSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Sessions opened and stepped on several threads at the very same moment get the weights and
 * losses their seeds give one at a time: libtorch's one random generator is seeded and drawn from
 * in one step, and grad mode (per thread in libtorch) is set on each session's own thread.
 */
class DjlSessionThreadsTest {
    private static final int THREADS = 6;
    private static final int STEPS = 5;
    private static final TaskSpec TASK = TaskSpec.named("blobs").withSamples(256);
    private static final ModelSpec MODEL = ModelSpec.mlp(32);

    @Test
    void sessionsOpenedAtOnceDrawTheirOwnWeightsAndStepAlike() throws Exception {
        DjlBackend backend = new DjlBackend();
        List<float[]> alone = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            alone.add(openAndStep(backend, i));
        }
        CyclicBarrier start = new CyclicBarrier(THREADS);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            for (int round = 0; round < 3; round++) { // the race, if there were one, would show in some round
                List<Future<float[]>> together = new ArrayList<>();
                for (int i = 0; i < THREADS; i++) {
                    int seed = i;
                    together.add(pool.submit(() -> {
                        start.await();
                        return openAndStep(backend, seed);
                    }));
                }
                for (int i = 0; i < THREADS; i++) {
                    assertArrayEquals(alone.get(i), together.get(i).get(), "seed " + i + ", round " + round);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** The initial weights of the first layer, then the losses of a few steps. */
    private static float[] openAndStep(DjlBackend backend, int seed) {
        SweepConfig config = SweepConfig.builder().optSteps(STEPS).optSeed(seed).build();
        try (DjlSession session = (DjlSession) backend.open(TASK, MODEL, config)) {
            Pair<String, Parameter> first = session.block().getParameters().get(0);
            float[] weights = first.getValue().getArray().toFloatArray();
            float[] out = new float[weights.length + STEPS];
            System.arraycopy(weights, 0, out, 0, weights.length);
            double[] losses = new double[STEPS];
            for (int s = 0; s < STEPS; s++) {
                session.step(0.1);
            }
            session.readLosses(losses, 0);
            for (int s = 0; s < STEPS; s++) {
                out[weights.length + s] = (float) losses[s];
            }
            return out;
        }
    }
}
