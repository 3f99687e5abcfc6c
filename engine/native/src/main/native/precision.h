// Mixed precision around a training step: autocast for the forward pass and the loss, a loss
// scaler for fp16. Parameters, gradients and optimizer state stay float32 (master weights).
#pragma once

#include "internal.h"

namespace lrf {

enum class Precision { Fp32, Bf16, Fp16 };

// "fp32", "bf16" or "fp16" on `device`; fp16 only on CUDA (CPU autocast has no fp16 kernels).
Precision parse_precision(const std::string &name, torch::Device device);

// Autocast on for this scope (nothing for fp32): the products and convolutions run in bf16 or
// fp16 on float32 parameters. The cast cache is cleared when the outermost scope ends.
class AutocastScope {
  public:
    AutocastScope(Precision precision, torch::Device device, bool cache = true);
    ~AutocastScope();
    AutocastScope(const AutocastScope &) = delete;
    AutocastScope &operator=(const AutocastScope &) = delete;

  private:
    bool on_;
    bool cuda_;
    bool was_enabled_;
    bool was_cache_;
    at::ScalarType was_dtype_;
};

// torch.cuda.amp.GradScaler's dynamic loss scale: the loss scaled before backward, gradients
// unscaled after; a step whose gradients hold an inf or NaN is skipped and the scale halved, and
// the scale doubles after `growth_interval` clean steps.
class GradScaler {
  public:
    explicit GradScaler(torch::Device device);
    torch::Tensor scale(const torch::Tensor &loss) const { return loss * scale_; }
    // Unscales the gradients of `params` in place; whether they are all finite (one host read).
    bool unscale(const std::vector<torch::Tensor> &params);
    // After a step (taken or skipped): the scale for the next one.
    void update();

  private:
    torch::Tensor scale_;          // [1] float32
    torch::Tensor growth_tracker_; // [1] int32
    torch::Tensor found_inf_;      // [1] float32
};

} // namespace lrf
