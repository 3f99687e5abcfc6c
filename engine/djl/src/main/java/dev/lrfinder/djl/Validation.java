package dev.lrfinder.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.Trainer;
import java.util.function.Consumer;

/**
 * The validation data a session evaluates after every step, batch by batch: the same batches
 * every time. Evaluation runs in eval mode ({@link EvaluationMode}: forward with training off)
 * and outside any gradient collector, so nothing is recorded for backward and nothing is stepped.
 */
abstract class Validation implements AutoCloseable {

    /** Hands each validation batch to {@code batch}, its arrays attached to {@code scope}. */
    abstract void forEachBatch(Trainer trainer, NDManager scope, Consumer<StepBatch> batch);

    /** The mean loss over every validation sample, read to the host once. */
    final double loss(Trainer trainer) {
        try (NDManager scope = trainer.getManager().newSubManager(); EvaluationMode eval = EvaluationMode.enter(trainer)) {
            NDArray[] total = new NDArray[1];
            long[] samples = new long[1];
            forEachBatch(trainer, scope, batch -> {
                NDList predictions = eval.forward(batch.data());
                long rows = batch.data().head().getShape().get(0);
                // The loss is a batch mean: weigh it by the batch's rows for the mean over all samples.
                NDArray weighted = trainer.getLoss().evaluate(batch.labels(), predictions).mul(rows);
                weighted.attach(scope); // outlives the batch's own scope
                total[0] = total[0] == null ? weighted : total[0].add(weighted);
                samples[0] += rows;
            });
            if (total[0] == null) {
                throw new IllegalArgumentException("validation data = none: must yield at least one batch");
            }
            return total[0].toType(ai.djl.ndarray.types.DataType.FLOAT64, false).getDouble() / samples[0];
        }
    }

    @Override
    public void close() {}
}
