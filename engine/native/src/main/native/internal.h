// What the shim's translation units share; nothing here is exported.
#pragma once

#include <torch/torch.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace lrf {

// Errors the API maps to codes; libtorch's own c10::Error becomes LRF_E_TORCH.
struct ArgumentError : std::runtime_error {
    using std::runtime_error::runtime_error;
};
struct IoError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// "cpu", "cuda", "cuda:N"; an unavailable CUDA device is an ArgumentError naming it.
torch::Device parse_device(const char *name);

// The optimizer's half of a fused step (fused_update.cpp): torch.optim's rule applied to one
// parameter tensor given its gradient, at the rate set before each step.
class FusedUpdate {
  public:
    virtual ~FusedUpdate() = default;
    void set_lr(double lr) { lr_ = lr; }
    // The momentum (SGD) or beta1 (Adam, AdamW) of the steps from now on (OneCycleLR's cycling);
    // plain SGD has none to set and refuses a value above 0.
    virtual void set_momentum(double momentum) = 0;
    // True for plain SGD, p <- keep p - rate g, which a model folds into its weight-gradient
    // products instead of writing the gradient out.
    virtual bool linear(double &keep, double &rate) const { return false; }
    // Steps `param` by `grad` (its gradient, contiguous, the same shape), and the optimizer's state
    // for it with it. `param` is one of the model's parameters() itself (contiguous float32), not a
    // detached view: torch::optim files its state under its TensorImpl.
    virtual void apply(const torch::Tensor &param, const torch::Tensor &grad) = 0;

  protected:
    double lr_ = 0;
};

// A model the trainer can step: a built-in network or a TorchScript module.
class Model {
  public:
    explicit Model(torch::Device device) : device_(device) {}
    virtual ~Model() = default;
    virtual torch::Tensor forward(const torch::Tensor &input) = 0;
    // Trainable parameters, in a fixed order; what the optimizer steps and the snapshot restores.
    virtual std::vector<torch::Tensor> parameters() = 0;
    // State that is not trained but changes in training (batch-norm statistics); restored too.
    virtual std::vector<torch::Tensor> buffers() = 0;
    virtual void train(bool on) = 0;
    // One training step with forward and backward by hand and the optimizer's update applied to
    // each parameter tensor as soon as its gradient is known; returns the loss, or an undefined
    // tensor when this model has no such path for `loss`.
    virtual torch::Tensor fused_step(const torch::Tensor &input, const torch::Tensor &target, const std::string &loss,
                                     FusedUpdate &update) {
        return {};
    }
    virtual bool has_fused_step() const { return false; }
    torch::Device device() const { return device_; }

  private:
    torch::Device device_;
};

std::shared_ptr<Model> make_builtin(const std::string &kind, const std::vector<int64_t> &widths,
                                    const std::string &activation, const std::vector<int64_t> &sample_shape,
                                    int64_t outputs, int64_t seed, torch::Device device);
// The built-in models' activation `name` (relu, tanh, gelu, sigmoid) applied to `x`.
torch::Tensor activation(const std::string &name, const torch::Tensor &x);
std::shared_ptr<Model> load_script(const std::string &path, torch::Device device);
// A network from the layer program of Java's NativeModel.layers (see layers.cpp).
std::shared_ptr<Model> make_layers(const std::string &program, int64_t seed, torch::Device device);

// A dataset resident where the model is, and the batch assembly a sweep step uses.
class Data {
  public:
    Data(const float *features, const float *targets, int64_t samples, std::vector<int64_t> sample_shape,
         const float *noise_table, int64_t table_length, float augment_noise, torch::Device device);
    // Rows `indices` of the data, flipped and noised as the plan says; targets as floats or, for
    // class-index losses, as int64.
    std::pair<torch::Tensor, torch::Tensor> batch(int64_t batch, const int64_t *indices, const uint8_t *flips,
                                                  const int32_t *noise_offsets, bool class_targets) const;
    // A batch the caller assembled in host memory (batch x sample floats and one target each):
    // viewed in place on the CPU, copied to the device elsewhere.
    std::pair<torch::Tensor, torch::Tensor> host_batch(int64_t batch, const float *features, const float *targets,
                                                       bool class_targets) const;
    torch::Device device() const { return device_; }
    int64_t samples() const { return samples_; }

  private:
    torch::Device device_;
    int64_t samples_;
    int64_t sample_size_;
    std::vector<int64_t> sample_shape_;
    torch::Tensor features_;      // [samples, sample_size]
    torch::Tensor targets_;       // [samples] float32
    torch::Tensor class_targets_; // [samples] int64
    torch::Tensor table_;         // [table_length] float32, or undefined
    torch::Tensor feature_offsets_; // [sample_size] int64, 0..sample_size-1 (noise gather)
    float augment_noise_;
};

using LossFn = std::function<torch::Tensor(const torch::Tensor &output, const torch::Tensor &target)>;
struct Loss {
    std::string name; // cross_entropy, mse, l1, huber, bce_with_logits: what the fused path and messages read
    bool fusable;     // the fused plain-SGD path writes this loss by hand (no label smoothing)
    LossFn fn;
    bool class_targets; // targets are class indices (int64)
};
// A loss by name (cross-entropy, bce, mse, l1, huber; the older cross_entropy, bce_with_logits
// and smooth_l1 too) and its parameters, as lrf_loss_options holds them.
struct LossOptions {
    std::string name;
    double label_smoothing;
    double huber_delta;
};
// The target in the output's shape: a regression target [B] against an output [B, 1].
torch::Tensor like_output(const torch::Tensor &target, const torch::Tensor &output, const char *loss);
Loss make_loss(const LossOptions &options);

// torch.optim's hyper-parameters, as lrf_optimizer_options holds them.
struct OptimizerOptions {
    std::string kind; // sgd, adam, adamw, rmsprop
    double momentum, dampening, weight_decay, beta1, beta2, eps, alpha;
    bool nesterov, centered;
};
std::unique_ptr<torch::optim::Optimizer> make_optimizer(const OptimizerOptions &options, std::vector<torch::Tensor> params);
// The fused update of `optimizer` (one parameter group): plain SGD on any device; SGD with momentum,
// Adam and AdamW (without amsgrad) on the CPU; null for anything else.
std::unique_ptr<FusedUpdate> make_fused_update(torch::optim::Optimizer &optimizer, torch::Device device);
// A deep copy of an optimizer's per-parameter state (momentum buffers, Adam moments and steps).
using OptimizerState = std::vector<std::pair<std::string, std::unique_ptr<torch::optim::OptimizerParamState>>>;
OptimizerState copy_optimizer_state(torch::optim::Optimizer &optimizer);
void restore_optimizer_state(torch::optim::Optimizer &optimizer, const OptimizerState &state);

enum class Precision; // precision.h
class GradScaler;

// A model stepped by an optimizer on a loss; the losses of its steps, queued on the device.
class Trainer {
  public:
    // `accumulate` batches per optimizer step (gradient accumulation): a step's plan holds that many
    // consecutive micro-batches of `batch` rows.
    Trainer(std::shared_ptr<Model> model, const OptimizerOptions &optimizer, const LossOptions &loss,
            int64_t accumulate, int64_t seed, bool autograd_only);
    // One step at `lr` on `accumulate` micro-batches of `batch` rows; its (mean) loss joins the queue.
    void step(const Data &data, int64_t batch, double lr, const int64_t *indices, const uint8_t *flips,
              const int32_t *noise_offsets);
    // One step at `lr` on a batch assembled on the host; its loss joins the queue.
    void step_host(const Data &data, int64_t batch, double lr, const float *features, const float *targets);
    // The mean loss over rows `indices` of `data`, in batches of `batch_size`, in eval mode without
    // gradient; read to the host at once. Leaves the queue, the model and the optimizer as they were.
    double evaluate(const Data &data, int64_t rows, const int64_t *indices, int64_t batch_size);
    // The queued losses to the host, oldest first, in one read; returns how many and empties the queue.
    int64_t read_losses(double *losses, int64_t capacity);
    const std::shared_ptr<Model> &model() const { return model_; }
    const std::shared_ptr<torch::optim::Optimizer> &optimizer() const { return optimizer_; }
    // SGD's and RMSprop's momentum, Adam's and AdamW's beta1, for the steps from now on, in the
    // optimizer's parameter group and the fused update alike.
    void set_momentum(double momentum);
    // Steps from now on under `precision` (precision.h): autocast, and a loss scaler for fp16.
    void set_precision(Precision precision);

  private:
    torch::Tensor train_step(const std::pair<torch::Tensor, torch::Tensor> &xy, double lr);
    void check_device(const Data &data) const;

    std::shared_ptr<Model> model_;
    std::vector<torch::Tensor> params_;
    std::shared_ptr<torch::optim::Optimizer> optimizer_;
    Loss loss_;
    int64_t accumulate_;
    // Null unless a built-in MLP steps under an optimizer with a fused rule: no autograd then.
    std::unique_ptr<FusedUpdate> fused_;
    std::vector<torch::Tensor> pending_; // per-step losses still on the device
    Precision precision_{};              // fp32 unless set
    std::shared_ptr<GradScaler> scaler_; // fp16 only
};

// Parameters, buffers and optimizer state of a trainer, copied; restored in place.
class Snapshot {
  public:
    explicit Snapshot(const Trainer &trainer);
    void restore();

  private:
    std::shared_ptr<Model> model_;
    std::shared_ptr<torch::optim::Optimizer> optimizer_;
    std::vector<torch::Tensor> params_;
    std::vector<torch::Tensor> buffers_;
    OptimizerState optimizer_state_;
};

} // namespace lrf
