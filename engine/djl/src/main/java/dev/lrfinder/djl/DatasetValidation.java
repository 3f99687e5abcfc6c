package dev.lrfinder.djl;

import ai.djl.ndarray.NDManager;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Consumer;

/**
 * A user's DJL validation dataset: every batch it yields, or the first {@code batches} (the same
 * ones every time for a dataset that does not shuffle).
 */
final class DatasetValidation extends Validation {
    private final Dataset dataset;
    private final int batches;

    /** {@code batches} 0 means all of them. */
    DatasetValidation(Dataset dataset, int batches) {
        this.dataset = dataset;
        this.batches = batches;
    }

    @Override
    void forEachBatch(Trainer trainer, NDManager scope, Consumer<StepBatch> consumer) {
        int seen = 0;
        try {
            for (Batch batch : trainer.iterateDataset(dataset)) {
                try (batch) {
                    try (NDManager batchScope = scope.newSubManager()) {
                        batch.getData().attach(batchScope);
                        batch.getLabels().attach(batchScope);
                        consumer.accept(new StepBatch(batch.getData(), batch.getLabels()));
                    }
                    seen++;
                }
                if (batches > 0 && seen == batches) {
                    break;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (TranslateException e) {
            throw new IllegalStateException("cannot read the validation dataset: " + e.getMessage(), e);
        }
    }
}
