package dev.lrfinder.djl;

import ai.djl.ndarray.NDList;

/** One step's inputs and labels. */
record StepBatch(NDList data, NDList labels) {}
