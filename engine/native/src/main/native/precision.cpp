// Autocast scopes and the fp16 loss scaler (precision.h).
#include "precision.h"

#include <ATen/autocast_mode.h>
#include <torch/version.h>

namespace lrf {
namespace {

// libtorch 2.4 replaced the per-device autocast setters with ones that take the device type.
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 4)
bool autocast_enabled(bool cuda) { return at::autocast::is_autocast_enabled(cuda ? at::kCUDA : at::kCPU); }
void set_autocast(bool cuda, bool on) { at::autocast::set_autocast_enabled(cuda ? at::kCUDA : at::kCPU, on); }
at::ScalarType autocast_dtype(bool cuda) { return at::autocast::get_autocast_dtype(cuda ? at::kCUDA : at::kCPU); }
void set_dtype(bool cuda, at::ScalarType t) { at::autocast::set_autocast_dtype(cuda ? at::kCUDA : at::kCPU, t); }
#else
bool autocast_enabled(bool cuda) { return cuda ? at::autocast::is_enabled() : at::autocast::is_cpu_enabled(); }
void set_autocast(bool cuda, bool on) { cuda ? at::autocast::set_enabled(on) : at::autocast::set_cpu_enabled(on); }
at::ScalarType autocast_dtype(bool cuda) {
    return cuda ? at::autocast::get_autocast_gpu_dtype() : at::autocast::get_autocast_cpu_dtype();
}
void set_dtype(bool cuda, at::ScalarType t) {
    cuda ? at::autocast::set_autocast_gpu_dtype(t) : at::autocast::set_autocast_cpu_dtype(t);
}
#endif

// torch.cuda.amp.GradScaler's defaults.
constexpr double INITIAL_SCALE = 65536.0;
constexpr double GROWTH_FACTOR = 2.0;
constexpr double BACKOFF_FACTOR = 0.5;
constexpr int64_t GROWTH_INTERVAL = 2000;

} // namespace

Precision parse_precision(const std::string &name, torch::Device device) {
    if (name == "fp32") return Precision::Fp32;
    if (name == "bf16") return Precision::Bf16;
    if (name == "fp16") {
        if (!device.is_cuda()) {
            throw ArgumentError("precision = fp16: must be fp32 or bf16 on " + device.str() +
                                " (fp16 autocast needs a CUDA device)");
        }
        return Precision::Fp16;
    }
    throw ArgumentError("precision = " + name + ": must be one of fp32, bf16, fp16");
}

AutocastScope::AutocastScope(Precision precision, torch::Device device, bool cache)
    : on_(precision != Precision::Fp32), cuda_(device.is_cuda()), was_enabled_(false), was_cache_(true),
      was_dtype_(at::kFloat) {
    if (!on_) return;
    was_enabled_ = autocast_enabled(cuda_);
    was_dtype_ = autocast_dtype(cuda_);
    was_cache_ = at::autocast::is_autocast_cache_enabled();
    set_autocast(cuda_, true);
    set_dtype(cuda_, precision == Precision::Bf16 ? at::kBFloat16 : at::kHalf);
    at::autocast::set_autocast_cache_enabled(cache);
    at::autocast::increment_nesting();
}

AutocastScope::~AutocastScope() {
    if (!on_) return;
    if (at::autocast::decrement_nesting() == 0) at::autocast::clear_cache();
    at::autocast::set_autocast_cache_enabled(was_cache_);
    set_dtype(cuda_, was_dtype_);
    set_autocast(cuda_, was_enabled_);
}

GradScaler::GradScaler(torch::Device device) {
    auto f32 = torch::TensorOptions().dtype(torch::kFloat32).device(device);
    scale_ = torch::full({1}, INITIAL_SCALE, f32);
    growth_tracker_ = torch::zeros({1}, f32.dtype(torch::kInt32));
    found_inf_ = torch::zeros({1}, f32);
}

bool GradScaler::unscale(const std::vector<torch::Tensor> &params) {
    std::vector<torch::Tensor> grads;
    for (const auto &p : params) {
        if (p.grad().defined()) grads.push_back(p.mutable_grad());
    }
    found_inf_.zero_();
    torch::Tensor inverse = scale_.to(torch::kFloat64).reciprocal().to(torch::kFloat32);
    at::_amp_foreach_non_finite_check_and_unscale_(grads, found_inf_, inverse);
    return found_inf_.item<float>() == 0;
}

void GradScaler::update() {
    at::_amp_update_scale_(scale_, growth_tracker_, found_inf_, GROWTH_FACTOR, BACKOFF_FACTOR, GROWTH_INTERVAL);
}

} // namespace lrf
