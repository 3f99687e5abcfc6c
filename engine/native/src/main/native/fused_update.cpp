// The optimizer half of a fused training step (Model::fused_step): torch.optim's rules for plain SGD,
// SGD with momentum, Adam and AdamW applied to one parameter tensor at a time, the state kept in the
// torch::optim optimizer's own per-parameter state, where snapshots copy it and where the autograd
// path would find it.
#include "internal.h"

#include <cmath>

namespace lrf {
namespace {

using namespace torch::optim;

// The key torch::optim files a parameter's state under (optimizer.h's serialisation uses the same).
std::string state_key(const torch::Tensor &param) { return c10::guts::to_string(param.unsafeGetTensorImpl()); }

// p <- (1 - lr wd) p - lr g, which the model folds into its weight-gradient products.
class PlainSgd : public FusedUpdate {
  public:
    explicit PlainSgd(double weight_decay) : weight_decay_(weight_decay) {}
    void set_momentum(double momentum) override {
        if (momentum != 0) {
            throw ArgumentError("momentum = " + std::to_string(momentum) +
                                ": the trainer was made without momentum (open it with the momentum above 0)");
        }
    }
    bool linear(double &keep, double &rate) const override {
        keep = 1 - lr_ * weight_decay_;
        rate = lr_;
        return true;
    }
    void apply(const torch::Tensor &param, const torch::Tensor &grad) override {
        if (weight_decay_ != 0) param.mul_(1 - lr_ * weight_decay_);
        param.add_(grad, -lr_);
    }

  private:
    double weight_decay_;
};

// `loop(from, to)` over [0, n) in chunks on libtorch's intra-op threads, as ATen splits its own
// element-wise kernels (each element's arithmetic is the same whatever the split).
template <typename Loop> void in_parallel(int64_t n, const Loop &loop) {
    at::parallel_for(0, n, at::internal::GRAIN_SIZE, [&](int64_t from, int64_t to) { loop(from, to); });
}

// An AVX2 build of a loop beside the baseline one, picked when the library loads (the shim is built
// for baseline x86-64, whose SSE2 vectors are half as wide).
#if defined(__x86_64__)
#define LRF_AVX2_CLONE __attribute__((target_clones("avx2", "default")))
#else
#define LRF_AVX2_CLONE
#endif

// The loops below use the constants as ATen's float kernels do (each double hyper-parameter rounded
// to float once) and torch.optim's order of operations; only fused multiply-adds, which ATen's
// vector kernels use and this build does not, round differently.

// SGD with momentum, as torch::optim::SGD::step: d = g + wd p; b = d on the first step, else
// b = momentum b + (1 - dampening) d; p -= lr (nesterov ? d + momentum b : b).
// (The choices are template arguments: a select inside the loop keeps GCC from vectorising it.)
template <bool First, bool Nesterov, bool Decays>
LRF_AVX2_CLONE void momentum_loop(float *__restrict p, const float *__restrict g, float *__restrict b, int64_t n,
                                  float wd, float momentum, float keep_d, float minus_lr) {
#pragma omp simd
    for (int64_t i = 0; i < n; i++) {
        float d = Decays ? g[i] + wd * p[i] : g[i]; // as torch: no 0 * p (NaN where p is infinite)
        float buf = First ? d : b[i] * momentum + keep_d * d;
        b[i] = buf;
        p[i] = p[i] + minus_lr * (Nesterov ? d + momentum * buf : buf);
    }
}

class MomentumSgd : public FusedUpdate {
  public:
    MomentumSgd(Optimizer &optimizer, const SGDOptions &options) : optimizer_(optimizer), options_(options) {}
    void set_momentum(double momentum) override { options_.momentum(momentum); }
    void apply(const torch::Tensor &param, const torch::Tensor &grad) override {
        if (options_.momentum() == 0) {
            // A OneCycle step at momentum 0: torch.optim.SGD steps plainly and leaves the buffer as it was.
            param.add_(options_.weight_decay() != 0 ? grad.add(param, options_.weight_decay()) : grad, -lr_);
            return;
        }
        auto &states = optimizer_.state();
        std::string key = state_key(param);
        auto found = states.find(key);
        bool first = found == states.end();
        torch::Tensor buf;
        if (first) {
            buf = torch::empty_like(param.detach(), torch::MemoryFormat::Preserve);
            auto state = std::make_unique<SGDParamState>();
            state->momentum_buffer(buf);
            states[key] = std::move(state);
        } else {
            buf = static_cast<SGDParamState &>(*found->second).momentum_buffer();
        }
        float *p = param.data_ptr<float>();
        const float *g = grad.data_ptr<float>();
        float *b = buf.data_ptr<float>();
        auto wd = static_cast<float>(options_.weight_decay());
        auto momentum = static_cast<float>(options_.momentum());
        auto keep_d = static_cast<float>(1 - options_.dampening());
        auto minus_lr = static_cast<float>(-1 * lr_);
        using Loop = void (*)(float *, const float *, float *, int64_t, float, float, float, float);
        static const Loop loops[2][2][2] = {
            {{momentum_loop<false, false, false>, momentum_loop<false, false, true>},
             {momentum_loop<false, true, false>, momentum_loop<false, true, true>}},
            {{momentum_loop<true, false, false>, momentum_loop<true, false, true>},
             {momentum_loop<true, true, false>, momentum_loop<true, true, true>}}};
        Loop loop = loops[first][options_.nesterov()][wd != 0];
        in_parallel(param.numel(), [&](int64_t from, int64_t to) {
            loop(p + from, g + from, b + from, to - from, wd, momentum, keep_d, minus_lr);
        });
    }

  private:
    Optimizer &optimizer_;
    SGDOptions options_;
};

// What one Adam or AdamW step of one tensor uses, rounded to float.
struct AdamConstants {
    float keep;      // AdamW: p *= 1 - lr wd, before anything else
    float l2;        // Adam: g += wd p
    float beta1, rest1, beta2, rest2;
    float root_correction2; // sqrt(1 - beta2^step)
    float eps;
    float minus_step_size; // -lr / (1 - beta1^step)
};

// torch::optim::Adam/AdamW::step: m = beta1 m + (1 - beta1) g; v = beta2 v + (1 - beta2) g g;
// p += -step_size m / (sqrt(v) / sqrt(correction2) + eps).
template <bool Decoupled, bool Decays>
LRF_AVX2_CLONE void adam_loop(float *__restrict p, const float *__restrict g, float *__restrict m, float *__restrict v,
                              int64_t n, AdamConstants c) {
#pragma omp simd
    for (int64_t i = 0; i < n; i++) {
        float pi = Decoupled && Decays ? p[i] * c.keep : p[i];
        float gi = !Decoupled && Decays ? g[i] + c.l2 * pi : g[i];
        float mi = m[i] * c.beta1 + c.rest1 * gi;
        float vi = v[i] * c.beta2 + c.rest2 * gi * gi;
        m[i] = mi;
        v[i] = vi;
        p[i] = pi + c.minus_step_size * mi / (std::sqrt(vi) / c.root_correction2 + c.eps);
    }
}

template <typename Options, typename State> class FusedAdam : public FusedUpdate {
  public:
    FusedAdam(Optimizer &optimizer, const Options &options, bool decoupled)
        : optimizer_(optimizer), options_(options), decoupled_(decoupled) {}
    void set_momentum(double beta1) override { options_.betas({beta1, std::get<1>(options_.betas())}); }
    void apply(const torch::Tensor &param, const torch::Tensor &grad) override {
        auto &states = optimizer_.state();
        std::string key = state_key(param);
        auto found = states.find(key);
        if (found == states.end()) {
            auto state = std::make_unique<State>();
            state->step(0);
            state->exp_avg(torch::zeros_like(param.detach(), torch::MemoryFormat::Preserve));
            state->exp_avg_sq(torch::zeros_like(param.detach(), torch::MemoryFormat::Preserve));
            found = states.emplace(key, std::move(state)).first;
        }
        auto &state = static_cast<State &>(*found->second);
        state.step(state.step() + 1);
        double beta1 = std::get<0>(options_.betas()), beta2 = std::get<1>(options_.betas());
        double correction1 = 1 - std::pow(beta1, state.step());
        double correction2 = 1 - std::pow(beta2, state.step());
        double wd = options_.weight_decay();
        AdamConstants c{static_cast<float>(1 - lr_ * wd),
                        static_cast<float>(wd),
                        static_cast<float>(beta1),
                        static_cast<float>(1 - beta1),
                        static_cast<float>(beta2),
                        static_cast<float>(1 - beta2),
                        static_cast<float>(std::sqrt(correction2)),
                        static_cast<float>(options_.eps()),
                        static_cast<float>(-(lr_ / correction1))};
        float *p = param.data_ptr<float>();
        const float *g = grad.data_ptr<float>();
        float *m = state.exp_avg().template data_ptr<float>();
        float *v = state.exp_avg_sq().template data_ptr<float>();
        auto loop = wd == 0 ? adam_loop<false, false> : decoupled_ ? adam_loop<true, true> : adam_loop<false, true>;
        in_parallel(param.numel(), [&](int64_t from, int64_t to) {
            loop(p + from, g + from, m + from, v + from, to - from, c);
        });
    }

  private:
    Optimizer &optimizer_;
    Options options_;
    bool decoupled_;
};

} // namespace

std::unique_ptr<FusedUpdate> make_fused_update(Optimizer &optimizer, torch::Device device) {
    if (optimizer.param_groups().size() != 1) return nullptr;
    auto &options = optimizer.param_groups()[0].options();
    if (dynamic_cast<SGD *>(&optimizer) != nullptr) {
        auto &sgd = static_cast<SGDOptions &>(options);
        if (sgd.momentum() == 0) return std::make_unique<PlainSgd>(sgd.weight_decay());
        if (device.is_cpu()) return std::make_unique<MomentumSgd>(optimizer, sgd);
        return nullptr;
    }
    // The stateful rules are loops over host memory: the CPU only (CUDA keeps autograd + torch.optim).
    if (!device.is_cpu()) return nullptr;
    if (dynamic_cast<Adam *>(&optimizer) != nullptr) {
        auto &adam = static_cast<AdamOptions &>(options);
        if (adam.amsgrad()) return nullptr;
        return std::make_unique<FusedAdam<AdamOptions, AdamParamState>>(optimizer, adam, false);
    }
    if (dynamic_cast<AdamW *>(&optimizer) != nullptr) {
        auto &adamw = static_cast<AdamWOptions &>(options);
        if (adamw.amsgrad()) return nullptr;
        return std::make_unique<FusedAdam<AdamWOptions, AdamWParamState>>(optimizer, adamw, true);
    }
    return nullptr;
}

} // namespace lrf
