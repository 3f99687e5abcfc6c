package dev.lrfinder.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link TrainingSchedule} against torch 1.13.1's schedulers themselves: the rate and the momentum
 * (beta1) each optimizer step runs at under OneCycleLR (defaults with each optimizer, other knobs,
 * three phases, no momentum cycling, short fits), CosineAnnealingLR and the warm-ups; and a linear
 * model trained under OneCycleLR, which {@link TorchReference} (what the backends are checked
 * against) must follow step for step. Recorded by {@code
 * native-scripts/peer/make_schedule_reference.py}.
 */
class ScheduleReferenceTest {

    private static JsonNode root() throws IOException {
        try (InputStream in = ScheduleReferenceTest.class.getResourceAsStream("/torch/schedule_reference.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    static Stream<Arguments> tables() throws IOException {
        List<Arguments> cases = new ArrayList<>();
        for (JsonNode c : root().get("tables")) {
            cases.add(Arguments.of(c.get("name").asText(), c));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tables")
    void everyStepsRateAndMomentumAreTorchs(String name, JsonNode c) {
        TrainingSchedule schedule = TrainingSchedule.byId(c.get("schedule").asText());
        ScheduleOptions options = options(c.get("options"));
        double lr = c.get("lr").asDouble();
        int steps = c.get("steps").asInt();
        double[] torchLrs = doubles(c.get("lrs"));
        double[] torchMomenta = doubles(c.get("momenta"));
        assertClose("rate", torchLrs, schedule.rates(lr, steps, options), 1e-15 * lr);

        OptimizerSpec spec = optimizer(c.get("optimizer"));
        OptimizerSpec opened = schedule.optimizerFor(spec, options);
        double[] momenta = schedule.momenta(steps, options);
        if (schedule == TrainingSchedule.ONE_CYCLE && options.cycleMomentum()) {
            assertNotNull(momenta, "OneCycle cycles the momentum");
            assertClose("momentum", torchMomenta, momenta, 1e-15);
            // torch's constructor sets max_momentum into the group: plain SGD's momentum turns on.
            assertEquals(options.maxMomentum(), isAdam(spec) ? opened.beta1() : opened.momentum(), 0);
        } else {
            assertNull(momenta, "the schedule leaves the optimizer's momentum alone");
            assertEquals(spec, opened);
            double own = isAdam(spec) ? spec.beta1() : spec.momentum();
            for (double m : torchMomenta) {
                assertEquals(own, m, 0, "torch's momentum stays the optimizer's own");
            }
        }
    }

    static Stream<Arguments> trajectories() throws IOException {
        List<Arguments> cases = new ArrayList<>();
        for (JsonNode c : root().get("trajectories")) {
            cases.add(Arguments.of(c.get("name").asText(), c));
        }
        return cases.stream();
    }

    /** OneCycleLR + torch.optim in float64 on a linear model, step by step: the losses and the final parameters. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("trajectories")
    void torchReferenceFollowsTorchUnderOneCycle(String name, JsonNode c) {
        ScheduleOptions options = options(c.get("options"));
        int steps = c.get("steps").asInt();
        double lr = c.get("lr").asDouble();
        OptimizerSpec spec = TrainingSchedule.ONE_CYCLE.optimizerFor(optimizer(c.get("optimizer")), options);
        double[] rates = TrainingSchedule.ONE_CYCLE.rates(lr, steps, options);
        double[] momenta = TrainingSchedule.ONE_CYCLE.momenta(steps, options);
        TorchReference reference = new TorchReference(spec, LossSpec.of(LossKind.MSE), c.get("inputs").asInt(), 1,
                doubles(c.get("start")));
        float[] x = floats(c.get("x"));
        float[] t = floats(c.get("t"));
        double[] losses = new double[steps];
        for (int i = 0; i < steps; i++) {
            losses[i] = reference.step(rates[i], momenta[i], new float[][] {x}, new float[][] {t});
        }
        assertClose("loss", doubles(c.get("losses")), losses, 1e-12);
        assertClose("parameter", doubles(c.get("params")), reference.params(), 1e-12);
    }

    /** A step where momentum cycling is off in torch shows it: the same fit with the spec's own momentum drifts away. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("trajectories")
    void cyclingOnlyTheRateWouldNotMatch(String name, JsonNode c) {
        ScheduleOptions options = options(c.get("options"));
        int steps = c.get("steps").asInt();
        OptimizerSpec spec = optimizer(c.get("optimizer"));
        double[] rates = TrainingSchedule.ONE_CYCLE.rates(c.get("lr").asDouble(), steps, options);
        TorchReference rateOnly = new TorchReference(spec, LossSpec.of(LossKind.MSE), c.get("inputs").asInt(), 1,
                doubles(c.get("start")));
        for (int i = 0; i < steps; i++) {
            rateOnly.step(rates[i], new float[][] {floats(c.get("x"))}, new float[][] {floats(c.get("t"))});
        }
        double[] expected = doubles(c.get("params"));
        double apart = 0;
        for (int i = 0; i < expected.length; i++) {
            apart = Math.max(apart, Math.abs(expected[i] - rateOnly.params()[i]));
        }
        if (!(apart > 1e-6)) {
            fail("a fit that cycles only the rate ends " + apart + " from torch's: this case cannot tell them apart");
        }
    }

    static ScheduleOptions options(JsonNode o) {
        ScheduleOptions.Builder b = ScheduleOptions.builder();
        if (o.has("pctStart")) {
            b.optPctStart(o.get("pctStart").asDouble()).optDivFactor(o.get("divFactor").asDouble())
                    .optFinalDivFactor(o.get("finalDivFactor").asDouble()).optThreePhase(o.get("threePhase").asBoolean())
                    .optCycleMomentum(o.get("cycleMomentum").asBoolean())
                    .optBaseMomentum(o.get("baseMomentum").asDouble()).optMaxMomentum(o.get("maxMomentum").asDouble());
        }
        if (o.has("warmupSteps")) {
            b.optWarmupSteps(o.get("warmupSteps").asInt());
        }
        if (o.has("warmupShare")) {
            b.optWarmupShare(o.get("warmupShare").asDouble());
        }
        return b.build();
    }

    static OptimizerSpec optimizer(JsonNode o) {
        OptimizerSpec.Builder b = OptimizerSpec.builder(OptimizerKind.byId(o.get("kind").asText()));
        if (o.has("momentum")) {
            b.optMomentum(o.get("momentum").asDouble());
        }
        if (o.has("nesterov")) {
            b.optNesterov(o.get("nesterov").asBoolean());
        }
        if (o.has("dampening")) {
            b.optDampening(o.get("dampening").asDouble());
        }
        if (o.has("weightDecay")) {
            b.optWeightDecay(o.get("weightDecay").asDouble());
        }
        return b.build();
    }

    private static boolean isAdam(OptimizerSpec spec) {
        return spec.kind() == OptimizerKind.ADAM || spec.kind() == OptimizerKind.ADAMW;
    }

    private static void assertClose(String what, double[] expected, double[] actual, double tolerance) {
        assertEquals(expected.length, actual.length, what + " count");
        for (int i = 0; i < expected.length; i++) {
            if (!(Math.abs(expected[i] - actual[i]) <= tolerance + 1e-12 * Math.abs(expected[i]))) {
                fail(what + " of step " + i + ": torch " + expected[i] + ", lrfinder " + actual[i]);
            }
        }
    }

    private static double[] doubles(JsonNode array) {
        double[] values = new double[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).asDouble();
        }
        return values;
    }

    private static float[] floats(JsonNode array) {
        float[] values = new float[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) array.get(i).asDouble();
        }
        return values;
    }
}
