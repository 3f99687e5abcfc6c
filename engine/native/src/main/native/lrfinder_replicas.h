/*
 * Batched replicas, mixed precision and CUDA graphs: the C ABI beside lrfinder_shim.h, with the
 * same conventions (error codes, lrf_last_error, checked handles, caller-owned memory).
 */
#ifndef LRFINDER_REPLICAS_H
#define LRFINDER_REPLICAS_H

#include "lrfinder_shim.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct lrf_replicas lrf_replicas;
typedef struct lrf_replica_snapshot lrf_replica_snapshot;

/* Capture the step as a CUDA graph on the first step and replay it after (CUDA builds only). */
#define LRF_REPLICAS_CUDA_GRAPHS 1

/*
 * `replicas` independent copies of a built-in model (lrf_model_builtin's arguments), replica k
 * initialised from seeds[k] exactly as lrf_model_builtin draws that seed, trained as one batched
 * model on `device` with the optimizer and loss of lrf_trainer_new (the update written with
 * per-replica rates; no fused path). precision: "fp32", "bf16" (autocast; CPU or CUDA) or "fp16"
 * (CUDA: autocast and a per-replica loss scale); parameters and optimizer state stay float32.
 */
LRF_API int lrf_replicas_new(const char *kind, const int64_t *widths, int32_t width_count, const char *activation,
                             const int64_t *sample_shape, int32_t sample_dims, int64_t outputs, const int64_t *seeds,
                             int32_t replicas, const char *device, const char *optimizer, double momentum,
                             double weight_decay, const char *loss, const char *precision, int32_t flags,
                             lrf_replicas **out);
LRF_API int lrf_replicas_free(lrf_replicas *replicas);
/*
 * One step of every replica k with active[k] != 0, at rate lrs[k] (>= 0), on rows
 * indices[k * batch .. (k + 1) * batch) of `data` (flips and noise_offsets laid out the same, NULL:
 * none); a replica not active is left bit for bit (a stopped range test). The step's losses
 * (one per replica; an inactive replica's is computed but meaningless) stay queued on the device.
 */
LRF_API int lrf_replicas_step(lrf_replicas *replicas, lrf_data *data, int64_t batch, const double *lrs,
                              const uint8_t *active, const int64_t *indices, const uint8_t *flips,
                              const int32_t *noise_offsets);
/* The queued losses as float64, steps x replicas (step-major), in one host read; `steps` gets how many steps. */
LRF_API int lrf_replicas_read_losses(lrf_replicas *replicas, double *losses, int64_t capacity, int64_t *steps);
/* Replica k's parameters as raw float32 bytes in lrf_model_state_bytes's order (for checks). */
LRF_API int lrf_replicas_state_bytes(lrf_replicas *replicas, int32_t replica, void *dst, int64_t capacity,
                                     int64_t *written);
/* A copy of replica k's parameters, optimizer state and step count; restored in place, bit for bit. */
LRF_API int lrf_replica_snapshot_take(lrf_replicas *replicas, int32_t replica, lrf_replica_snapshot **out);
LRF_API int lrf_replica_snapshot_restore(lrf_replica_snapshot *snapshot);
LRF_API int lrf_replica_snapshot_free(lrf_replica_snapshot *snapshot);

/* Whether this shim was built with CUDA graphs (LRF_CUDA). */
LRF_API int lrf_cuda_graphs_built(int32_t *built);
/* The trainer's steps under `precision` ("fp32", "bf16", "fp16"; see lrf_replicas_new); fp32 by default. */
LRF_API int lrf_trainer_set_precision(lrf_trainer *trainer, const char *precision);

#ifdef __cplusplus
}
#endif
#endif
