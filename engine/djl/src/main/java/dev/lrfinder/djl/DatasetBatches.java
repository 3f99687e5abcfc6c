package dev.lrfinder.djl;

import ai.djl.ndarray.NDManager;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;

/** A user's dataset, read epoch after epoch for as many steps as the sweep needs. */
final class DatasetBatches implements BatchSource {
    private final Trainer trainer;
    private final Dataset dataset;
    private Iterator<Batch> epoch;
    private boolean anyBatch;

    DatasetBatches(Trainer trainer, Dataset dataset) {
        this.trainer = trainer;
        this.dataset = dataset;
    }

    @Override
    public StepBatch next(NDManager stepScope) {
        if (epoch == null || !epoch.hasNext()) {
            epoch = newEpoch();
            if (!epoch.hasNext()) {
                throw new IllegalArgumentException(
                        "dataset = " + dataset + ": must yield at least one batch" + (anyBatch ? "" : " (it is empty)"));
            }
        }
        anyBatch = true;
        try (Batch batch = epoch.next()) {
            // Move the arrays out of the batch's scope into the step's, then let the batch go.
            batch.getData().attach(stepScope);
            batch.getLabels().attach(stepScope);
            return new StepBatch(batch.getData(), batch.getLabels());
        }
    }

    private Iterator<Batch> newEpoch() {
        try {
            return trainer.iterateDataset(dataset).iterator();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (TranslateException e) {
            throw new IllegalStateException("cannot read the dataset: " + e.getMessage(), e);
        }
    }
}
