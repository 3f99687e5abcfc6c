/*
 * lrfinder's native shim: a model, its data and an optimizer inside libtorch, stepped one batch at a
 * time behind a C ABI that Java calls through java.lang.foreign. The sweep loop around the steps
 * (schedule, divergence rule, stop reasons) is Java's, the same for every backend.
 *
 * Conventions, for every function:
 *  - The return value is an error code: LRF_OK (0) or one of the LRF_E_* codes below. On an error
 *    lrf_last_error() gives the message; it is per thread and read by the caller right after the
 *    failing call. No C++ exception ever leaves the library.
 *  - Objects are opaque handles. Each kind is freed by its own lrf_*_free; the library checks every
 *    handle against the set it handed out, so a freed, foreign or NULL handle is LRF_E_HANDLE,
 *    never a crash. Objects that use each other share ownership: freeing a model while a trainer
 *    still trains it is safe.
 *  - Memory passed in (features, targets, batch plans, learning rates, loss outputs) belongs to the
 *    caller and must stay valid for as long as the documented call (data: for the data's life).
 *    Nothing is copied that need not be: CPU data is used in place.
 */
#ifndef LRFINDER_SHIM_H
#define LRFINDER_SHIM_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define LRF_API __attribute__((visibility("default")))

/* Error codes. */
#define LRF_OK 0
#define LRF_E_ARGUMENT 1   /* a bad value: shape, name, size, device */
#define LRF_E_HANDLE 2     /* NULL, freed or unknown handle */
#define LRF_E_IO 3         /* a file could not be read */
#define LRF_E_TORCH 4      /* libtorch raised an error */
#define LRF_E_INTERNAL 5   /* anything else */

typedef struct lrf_model lrf_model;
typedef struct lrf_data lrf_data;
typedef struct lrf_trainer lrf_trainer;
typedef struct lrf_snapshot lrf_snapshot;

/* The message of the calling thread's last error ("" if none). Valid until its next call. */
LRF_API const char *lrf_last_error(void);
/* The shim's own version and the libtorch it was built against, e.g. "0.5.0" and "1.13.1". */
LRF_API const char *lrf_version(void);
LRF_API const char *lrf_torch_version(void);
/* libtorch's intra-op threads (process-wide); inter-op threads are fixed to 1 on first use. */
LRF_API int lrf_set_threads(int32_t threads);
/* How many CUDA devices the libtorch in use sees (0 for a CPU-only build). */
LRF_API int lrf_cuda_device_count(int32_t *count);

/*
 * A built-in model (see Java's ModelSpec): kind "mlp" or "cnn", hidden widths or filter counts,
 * activation "relu", "tanh", "gelu" or "sigmoid", one sample's shape (e.g. [784] or [1,28,28]),
 * outputs. Weights uniform in +-1/sqrt(fanIn), biases zero, drawn on the CPU from `seed` and then
 * moved to `device` ("cpu", "cuda", "cuda:1"), so a seed gives the same weights on every device.
 */
LRF_API int lrf_model_builtin(const char *kind, const int64_t *widths, int32_t width_count,
                              const char *activation, const int64_t *sample_shape, int32_t sample_dims,
                              int64_t outputs, int64_t seed, const char *device, lrf_model **out);
/*
 * A network laid out by Java's Architectures (ResNet, VGG, MobileNet; MLP and CNN with batch norm or
 * dropout) as a layer program (its grammar heads layers.cpp): every size resolved, weights uniform
 * in +-1/sqrt(fanIn), biases zero, batch norm at scale 1, shift 0, drawn on the CPU from `seed`;
 * dropout masks from a generator of the model's own, seeded from `seed` too. Buffers: each batch
 * norm's running mean, running variance and num_batches_tracked.
 */
LRF_API int lrf_model_layers(const char *program, int64_t seed, const char *device, lrf_model **out);
/* A TorchScript module saved by torch.jit.save (script or trace), loaded onto `device`. */
LRF_API int lrf_model_load(const char *path, const char *device, lrf_model **out);
LRF_API int lrf_model_free(lrf_model *model);
/* Trainable parameter tensors, their total bytes, and the bytes lrf_model_state_bytes writes. */
LRF_API int lrf_model_parameter_info(lrf_model *model, int64_t *tensors, int64_t *bytes, int64_t *state_bytes);
/* Copies every trainable parameter, then every buffer, in order, as raw bytes to `dst`. */
LRF_API int lrf_model_state_bytes(lrf_model *model, void *dst, int64_t capacity, int64_t *written);
/* Runs the model on `batch` float32 inputs shaped [batch, sample_shape...]; writes the outputs. */
LRF_API int lrf_model_forward(lrf_model *model, const float *input, const int64_t *shape, int32_t dims,
                              float *output, int64_t output_capacity, int64_t *output_count);
/*
 * The model's output for zeros shaped `shape`, run with gradients as a training step runs it: its
 * shape (at most `capacity` dims), its c10::ScalarType code (Float = 6) and whether it requires a
 * gradient (1) or is cut off from the parameters (0).
 */
LRF_API int lrf_model_probe(lrf_model *model, const int64_t *shape, int32_t dims, int64_t *output_shape,
                            int32_t capacity, int32_t *output_dims, int32_t *scalar_type, int32_t *requires_grad);

/*
 * A dataset: `samples` rows of float32 features shaped sample_shape, and one float32 target per
 * sample (class index or regression value). Used in place on the CPU (zero-copy: the caller keeps
 * both arrays alive until lrf_data_free); copied once to the device otherwise. Augmentation as
 * Java's BatchSampler does it: a left-right flip of the last axis per flagged sample, then
 * `augment_noise * noise_table[(offset + i) mod table_length]` added to feature i (table_length a
 * power of two; the table is copied).
 */
LRF_API int lrf_data_new(const float *features, const float *targets, int64_t samples,
                         const int64_t *sample_shape, int32_t sample_dims, const float *noise_table,
                         int64_t table_length, float augment_noise, const char *device, lrf_data **out);
LRF_API int lrf_data_free(lrf_data *data);
/*
 * Assembles one batch as a sweep step would, into `features` (batch x sample floats) and
 * `targets`: `indices` picks the rows, `flips` (NULL: none) and `noise_offsets` (NULL: none) the
 * augmentation. For checking a batch against Java's sampler.
 */
LRF_API int lrf_data_batch(lrf_data *data, int64_t batch, const int64_t *indices, const uint8_t *flips,
                           const int32_t *noise_offsets, float *features, float *targets);

/*
 * torch.optim's hyper-parameters (Java's OptimizerSpec): kind "sgd" (momentum, dampening, nesterov,
 * weight_decay), "adam" and "adamw" (beta1, beta2, eps, weight_decay: L2 for Adam, decoupled for
 * AdamW), "rmsprop" (alpha, eps, momentum, centered, weight_decay); fields a kind does not read are
 * ignored. Checked as torch checks them (0 <= beta < 1, eps >= 0, nesterov needs momentum > 0 and
 * dampening 0, ...).
 */
typedef struct lrf_optimizer_options {
    const char *kind;
    double momentum;
    double dampening;
    double weight_decay;
    double beta1;
    double beta2;
    double eps;
    double alpha;
    int32_t nesterov;
    int32_t centered;
} lrf_optimizer_options;

/*
 * A loss as PyTorch defines it, mean over the batch: "cross-entropy" (targets are class indices;
 * label_smoothing in [0, 1]), "bce" (BCEWithLogitsLoss), "mse", "l1", "huber" (HuberLoss(delta =
 * huber_delta > 0)); the names "cross_entropy", "bce_with_logits" and "smooth_l1" (huber, delta 1)
 * are accepted too. A model's output that does not fit the targets is an argument error naming
 * both shapes.
 */
typedef struct lrf_loss_options {
    const char *name;
    double label_smoothing;
    double huber_delta;
} lrf_loss_options;

/*
 * A trainer: a model, a fresh optimizer for it and a loss. `accumulate` (>= 1) batches per
 * optimizer step: each step's plan (lrf_trainer_step) or host batch (lrf_trainer_step_host) holds
 * `accumulate` consecutive micro-batches of `batch` rows, each backward adds 1/accumulate of its
 * batch's gradient, and the step's queued loss is the mean of theirs. `seed` seeds what a step
 * draws itself (dropout in a user's module).
 *
 * Plain SGD (momentum 0) with accumulate 1 on a built-in MLP with cross-entropy (no label
 * smoothing) or mse takes a fused path: forward and backward by hand with ATen's own backward
 * kernels, each weight updated by one GEMM (W <- (1 - lr wd) W - lr dZ^T A) instead of writing its
 * gradient and stepping torch.optim.SGD over it; on the CPU the products are oneDNN's sgemm when
 * libtorch links a shared libdnnl. On the CPU, SGD with momentum, Adam and AdamW take the same
 * forward and backward, the weight gradients written into buffers, then one pass per parameter
 * tensor applies torch.optim's rule to it and to its state (kept in the optimizer's own state, as
 * snapshots copy it). The same mathematics, rounded differently; flags LRF_TRAINER_AUTOGRAD turns
 * it off.
 */
#define LRF_TRAINER_AUTOGRAD 1
LRF_API int lrf_trainer_new(lrf_model *model, const lrf_optimizer_options *optimizer, const lrf_loss_options *loss,
                            int64_t accumulate, int64_t seed, int32_t flags, lrf_trainer **out);
LRF_API int lrf_trainer_free(lrf_trainer *trainer);
/*
 * One optimizer step at learning rate `lr` (>= 0) on the batch the plan names: `indices` picks
 * `batch` x accumulate rows (the trainer's micro-batches, one after another), `flips` (NULL: none) and `noise_offsets` (NULL: none) the augmentation, as
 * lrf_data_batch. The step's loss stays on the device, queued, until lrf_trainer_read_losses; on
 * CUDA the call returns once the step is queued.
 */
LRF_API int lrf_trainer_step(lrf_trainer *trainer, lrf_data *data, int64_t batch, double lr,
                             const int64_t *indices, const uint8_t *flips, const int32_t *noise_offsets);
/*
 * As lrf_trainer_step, on a batch the caller assembled in host memory (augmented in Java):
 * `features` holds `batch` x accumulate samples of the data's sample shape, `targets` one float32 each. `data`
 * gives the shape and the device; its rows are not read. Viewed in place on the CPU (used only
 * during the call), copied to the device elsewhere.
 */
LRF_API int lrf_trainer_step_host(lrf_trainer *trainer, lrf_data *data, int64_t batch, double lr,
                                  const float *features, const float *targets);
/*
 * The momentum of the steps from now on, as torch's OneCycleLR sets it into the parameter group
 * before each step: SGD's and RMSprop's momentum, Adam's and AdamW's beta1; in [0, 1). The fused
 * paths read it too. Make the trainer with a momentum above 0 for SGD and RMSprop: the fused
 * plain-SGD path has no momentum buffer and refuses a value above 0 (an argument error), and
 * RMSprop allocates its buffer on the first step only when the momentum is above 0.
 */
LRF_API int lrf_trainer_set_momentum(lrf_trainer *trainer, double momentum);
/*
 * The model's mean loss over rows `indices` (`rows` of them) of `data`, in batches of `batch_size`,
 * in eval mode and without gradient, read to the host into `loss`; train mode after. The queued
 * losses, the parameters and the optimizer state are left as they were.
 */
LRF_API int lrf_trainer_evaluate(lrf_trainer *trainer, lrf_data *data, int64_t rows, const int64_t *indices,
                                 int64_t batch_size, double *loss);
/*
 * Copies the losses of the steps queued since the last read to `losses` as float64 (which holds
 * float32 and float64 losses exactly), oldest first, in one host read, and empties the queue.
 * `count` gets how many; `capacity` must be at least that.
 */
LRF_API int lrf_trainer_read_losses(lrf_trainer *trainer, double *losses, int64_t capacity, int64_t *count);

/* A copy of the model's parameters and buffers and of the trainer's optimizer state. */
LRF_API int lrf_snapshot_take(lrf_trainer *trainer, lrf_snapshot **out);
/* Writes the copy back in place, bit for bit; the optimizer state too. Repeatable. */
LRF_API int lrf_snapshot_restore(lrf_snapshot *snapshot);
LRF_API int lrf_snapshot_free(lrf_snapshot *snapshot);

#ifdef __cplusplus
}
#endif
#endif
