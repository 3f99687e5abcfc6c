package dev.lrfinder.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScheduleOptionsTest {

    @Test
    void theDefaultsAreTorchsAndEveryConfigCarriesThem() {
        ScheduleOptions d = ScheduleOptions.defaults();
        assertEquals(List.of(0.3, 25.0, 1e4, false, true, 0.85, 0.95, 0, 0.0), List.of(d.pctStart(), d.divFactor(),
                d.finalDivFactor(), d.threePhase(), d.cycleMomentum(), d.baseMomentum(), d.maxMomentum(), d.warmupSteps(),
                d.warmupShare()));
        assertEquals(d, SweepConfig.defaults().scheduleOptions());
        ScheduleOptions other = ScheduleOptions.builder().optPctStart(0.25).build();
        SweepConfig config = SweepConfig.builder().optScheduleOptions(other).build();
        assertEquals(other, config.toBuilder().optSteps(50).build().scheduleOptions(), "a fit's config keeps the knobs");
    }

    @Test
    void badKnobsAreNamedWithWhatIsAllowed() {
        Map<String, Runnable> cases = Map.of(
                "pctStart = 1.5: must be a number in [0, 1]", () -> ScheduleOptions.builder().optPctStart(1.5).build(),
                "divFactor = 0.0: must be a finite number > 0", () -> ScheduleOptions.builder().optDivFactor(0).build(),
                "finalDivFactor = Infinity: must be a finite number > 0",
                () -> ScheduleOptions.builder().optFinalDivFactor(Double.POSITIVE_INFINITY).build(),
                "maxMomentum = 1.0: must be a number in [0.0, 1.0)", () -> ScheduleOptions.builder().optMaxMomentum(1).build(),
                "warmupShare = 1.0: must be a number in [0.0, 1.0)", () -> ScheduleOptions.builder().optWarmupShare(1).build());
        cases.forEach((message, build) -> assertEquals(message,
                assertThrows(IllegalArgumentException.class, build::run).getMessage()));
    }

    @Test
    void aWarmupIsStepsOrAShareOfEachFit() {
        assertEquals(10, ScheduleOptions.builder().optWarmupSteps(10).build().warmupStepsOf(200));
        ScheduleOptions share = ScheduleOptions.builder().optWarmupSteps(10).optWarmupShare(0.05).build();
        assertEquals(0, share.warmupSteps(), "the last one given wins");
        assertEquals(10, share.warmupStepsOf(200));
        assertEquals(4, share.warmupStepsOf(61), "ceil(3.05), as Hugging Face's warmup_ratio");
        assertEquals(Map.of("warmupShare", 0.05), share.knobs(TrainingSchedule.COSINE));
        assertEquals(List.of("pctStart", "divFactor", "finalDivFactor", "annealStrategy", "threePhase", "cycleMomentum"),
                List.copyOf(ScheduleOptions.builder().optCycleMomentum(false).build().knobs(TrainingSchedule.ONE_CYCLE)
                        .keySet()));
    }
}
