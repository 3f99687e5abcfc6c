package dev.lrfinder.sweep;

import java.util.Random;

/**
 * The collapse of issue 21, as a range test records it when nothing stops it: 100 steps from lr 1e-7
 * to 10; the loss sits at ln 10 (chance for 10 classes), falls to 0.3 by lr 0.05, turns up at about
 * 0.1, spikes to 26 at lr 0.35 and then stays at chance, ln 10, to the end. Batch noise of 3% (seeded).
 */
public final class CollapseCurve {

    /** Steps of the sweep. */
    public static final int STEPS = 100;

    /** The index of the spike (lr 0.35). */
    public static final int SPIKE = 94;

    private CollapseCurve() {
    }

    /** lr of step i: 1e-7 * 10^(8 i / 99). */
    public static double[] lrs() {
        double[] lrs = new double[STEPS];
        for (int i = 0; i < STEPS; i++) {
            lrs[i] = 1e-7 * Math.pow(10, 8.0 * i / (STEPS - 1));
        }
        return lrs;
    }

    public static double[] losses() {
        double[] lrs = lrs();
        double chance = Math.log(10);
        Random random = new Random(21);
        double[] losses = new double[STEPS];
        for (int i = 0; i < STEPS; i++) {
            double u = Math.log10(lrs[i]);
            double clean;
            if (i == SPIKE) {
                clean = 26;
            } else if (i > SPIKE) {
                clean = chance;
            } else if (u < -4) {
                clean = chance;
            } else if (u < -1.3) {
                clean = chance - (chance - 0.3) * (u + 4) / 2.7; // the fall, linear in log lr
            } else if (u < -1) {
                clean = 0.3;
            } else {
                clean = 0.3 + 0.4 * (u + 1) / 0.55; // turns up: 0.7 at lr 0.35
            }
            losses[i] = clean * (1 + 0.03 * random.nextGaussian());
        }
        return losses;
    }
}
