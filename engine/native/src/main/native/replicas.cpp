// Batched replicas: K built-in models stacked into one, with the optimizers written out on [K]
// rate tensors (replicas.h). torch.optim's formulas, term for term (SGD with momentum and
// Nesterov as torch.optim.SGD, Adam and AdamW as torch.optim's with their default betas and eps).
#include "replicas.h"

#include <cmath>
#include <cstring>

namespace lrf {
namespace {

// Rows of the per-step coefficient block, one column per replica: built on the host, copied to
// the device in one transfer, read there by the update (and by a replayed graph).
enum Coefficient : int64_t { LR, ACTIVE, ADAM_STEP_SIZE, ADAM_BC2_SQRT, ADAMW_DECAY, COEFFICIENTS };

constexpr double BETA1 = 0.9, BETA2 = 0.999, EPS = 1e-8; // torch.optim.Adam's defaults
// torch.cuda.amp.GradScaler's defaults, per replica.
constexpr double INITIAL_SCALE = 65536.0, GROWTH_INTERVAL = 2000;

// `t` [K] shaped to broadcast over a [K, ...] tensor of `dims` dimensions.
torch::Tensor per_replica(const torch::Tensor &t, int64_t dims) {
    std::vector<int64_t> shape(static_cast<size_t>(dims), 1);
    shape[0] = t.size(0);
    return t.view(shape);
}

bool adam_like(const std::string &optimizer) { return optimizer == "adam" || optimizer == "adamw"; }

} // namespace

Replicas::Replicas(const Spec &spec)
    : kind_(spec.kind), activation_(spec.activation), count_(static_cast<int64_t>(spec.seeds.size())),
      device_(spec.device), optimizer_(spec.optimizer), momentum_(spec.momentum), weight_decay_(spec.weight_decay),
      loss_(make_loss(LossOptions{spec.loss, 0, 1})), precision_(spec.precision), sample_shape_(spec.sample_shape),
      steps_(spec.seeds.size(), 0), cuda_graphs_(spec.cuda_graphs) {
    if (count_ < 1) throw ArgumentError("replicas = " + std::to_string(count_) + ": must be >= 1");
    if (!(momentum_ >= 0 && momentum_ < 1)) {
        throw ArgumentError("momentum = " + std::to_string(momentum_) + ": must be in [0, 1)");
    }
    if (!(weight_decay_ >= 0)) throw ArgumentError("weightDecay = " + std::to_string(weight_decay_) + ": must be >= 0");
    if (optimizer_ != "sgd" && optimizer_ != "momentum" && optimizer_ != "nesterov" && !adam_like(optimizer_)) {
        throw ArgumentError("optimizer = " + optimizer_ + ": must be one of sgd, momentum, nesterov, adam, adamw for batched replicas");
    }
    if (cuda_graphs_ && !cuda_graphs_built()) {
        throw ArgumentError("cudaGraphs = on: must be off: this shim was built without CUDA (no LRF_CUDA)");
    }
    if (cuda_graphs_ && !device_.is_cuda()) {
        throw ArgumentError("cudaGraphs = on: must be off on " + device_.str() + " (graphs are CUDA's)");
    }
    if (cuda_graphs_ && precision_ == Precision::Fp16) {
        throw ArgumentError("cudaGraphs = on: must be off with precision fp16");
    }
    // Each replica's weights as lrf_model_builtin draws them from its seed, on the CPU; then stacked.
    std::vector<std::vector<torch::Tensor>> each;
    for (int64_t seed : spec.seeds) {
        each.push_back(make_builtin(kind_, spec.widths, activation_, sample_shape_, spec.outputs, seed, torch::kCPU)
                           ->parameters());
    }
    torch::NoGradGuard no_grad;
    for (size_t i = 0; i < each[0].size(); i++) {
        std::vector<torch::Tensor> slices;
        for (auto &model : each) slices.push_back(model[i].detach());
        params_.push_back(torch::stack(slices).to(device_).requires_grad_());
    }
    if (optimizer_ != "sgd") {
        for (int copies = adam_like(optimizer_) ? 2 : 1; copies > 0; copies--) {
            for (const auto &p : params_) buffers_.push_back(torch::zeros_like(p).detach());
        }
    }
    if (precision_ == Precision::Fp16) {
        auto f32 = torch::TensorOptions().dtype(torch::kFloat32).device(device_);
        buffers_.push_back(torch::full({count_}, INITIAL_SCALE, f32)); // loss scale
        buffers_.push_back(torch::zeros({count_}, f32));               // clean steps since the last change
    }
    coeffs_ = torch::zeros({COEFFICIENTS, count_}, torch::TensorOptions().dtype(torch::kFloat32).device(device_));
}

Replicas::~Replicas() = default;

void Replicas::check_step(const Data &data, int64_t batch) const {
    if (data.device() != device_) {
        throw ArgumentError("data: on " + data.device().str() + " but the replicas are on " + device_.str());
    }
    if (batch < 1) throw ArgumentError("batch = " + std::to_string(batch) + ": must be >= 1");
}

torch::Tensor Replicas::forward(const torch::Tensor &x) {
    size_t layers = params_.size() / 2;
    torch::Tensor h;
    if (kind_ == "mlp") {
        h = x.flatten(2); // [K, B, inputs]
        for (size_t i = 0; i < layers; i++) {
            h = torch::baddbmm(params_[2 * i + 1].unsqueeze(1), h, params_[2 * i].transpose(1, 2));
            if (i + 1 < layers) h = activation(activation_, h);
        }
        return h;
    }
    // The CNN: replica k's channels side by side, each convolution grouped by replica.
    int64_t batch = x.size(1);
    h = x.transpose(0, 1).reshape({batch, count_ * x.size(2), x.size(3), x.size(4)});
    for (size_t i = 0; i + 1 < layers; i++) {
        const torch::Tensor &w = params_[2 * i];
        torch::Tensor weight = w.reshape({count_ * w.size(1), w.size(2), w.size(3), w.size(4)});
        h = torch::conv2d(h, weight, params_[2 * i + 1].reshape({-1}), 1, 1, 1, count_);
        h = torch::max_pool2d(activation(activation_, h), 2);
    }
    h = h.reshape({batch, count_, -1}).transpose(0, 1); // [K, B, flat] in the single model's flatten order
    return torch::baddbmm(params_.back().unsqueeze(1), h, params_[params_.size() - 2].transpose(1, 2));
}

torch::Tensor Replicas::losses(const torch::Tensor &out, const torch::Tensor &y) const {
    const std::string &name = loss_.name;
    if (name == "cross_entropy") {
        return -torch::log_softmax(out, 2).gather(2, y.unsqueeze(2)).squeeze(2).mean(1);
    }
    torch::Tensor t = like_output(y, out, name.c_str());
    torch::Tensor each;
    if (name == "mse") each = torch::mse_loss(out, t, at::Reduction::None);
    else if (name == "l1") each = torch::l1_loss(out, t, at::Reduction::None);
    else if (name == "smooth_l1") each = torch::smooth_l1_loss(out, t, at::Reduction::None);
    else each = torch::binary_cross_entropy_with_logits(out, t, {}, {}, at::Reduction::None);
    return each.flatten(1).mean(1);
}

torch::Tensor Replicas::step_on(const torch::Tensor &x, const torch::Tensor &y) {
    // Gradients set to none: backward writes them fresh (and, in a graph capture, in its pool).
    for (auto &p : params_) p.mutable_grad().reset();
    torch::Tensor loss;
    {
        AutocastScope autocast(precision_, device_, /*cache=*/!cuda_graphs_);
        loss = losses(forward(x).to(torch::kFloat32), y);
    }
    // The replicas share no parameter: the sum's gradient is each replica's own.
    if (precision_ == Precision::Fp16) {
        (loss * buffers_[buffers_.size() - 2].detach()).sum().backward();
    } else {
        loss.sum().backward();
    }
    update();
    return loss.detach();
}

void Replicas::update() {
    torch::NoGradGuard no_grad;
    torch::Tensor active = coeffs_[ACTIVE] > 0.5;
    if (precision_ == Precision::Fp16) {
        // Per replica: unscale, and skip the step (halving the scale) when a gradient is not finite.
        torch::Tensor &scale = buffers_[buffers_.size() - 2];
        torch::Tensor &clean = buffers_[buffers_.size() - 1];
        torch::Tensor finite = torch::ones({count_}, active.options());
        for (auto &p : params_) {
            torch::Tensor g = p.mutable_grad();
            g.div_(per_replica(scale, g.dim()));
            finite = finite.logical_and(torch::isfinite(g).flatten(1).all(1));
        }
        torch::Tensor grown = torch::where(clean + 1 >= GROWTH_INTERVAL, scale * 2, scale);
        scale.copy_(torch::where(active, torch::where(finite, grown, scale * 0.5), scale));
        clean.copy_(torch::where(active, torch::where(finite & (clean + 1 < GROWTH_INTERVAL), clean + 1,
                                                      torch::zeros_like(clean)), clean));
        active = active.logical_and(finite);
    }
    size_t n = params_.size();
    for (size_t i = 0; i < n; i++) {
        torch::Tensor p = params_[i].detach();
        torch::Tensor g = params_[i].grad();
        int64_t dims = p.dim();
        torch::Tensor mask = per_replica(active, dims);
        torch::Tensor lr = per_replica(coeffs_[LR], dims);
        if (!adam_like(optimizer_)) {
            torch::Tensor d = weight_decay_ != 0 ? g + weight_decay_ * p : g;
            if (optimizer_ != "sgd") {
                torch::Tensor &buf = buffers_[i];
                torch::Tensor next = momentum_ * buf + d; // a zero buffer gives torch's first-step clone of d
                buf.copy_(torch::where(mask, next, buf));
                d = optimizer_ == "nesterov" ? d + momentum_ * next : next;
            }
            p.copy_(torch::where(mask, p - lr * d, p));
            continue;
        }
        torch::Tensor &m1 = buffers_[i];
        torch::Tensor &m2 = buffers_[n + i];
        bool adamw = optimizer_ == "adamw";
        if (!adamw && weight_decay_ != 0) g = g + weight_decay_ * p;
        torch::Tensor base = adamw ? p * per_replica(coeffs_[ADAMW_DECAY], dims) : p;
        torch::Tensor next1 = m1 * BETA1 + (1 - BETA1) * g;
        torch::Tensor next2 = m2 * BETA2 + (1 - BETA2) * g * g;
        torch::Tensor denom = next2.sqrt() / per_replica(coeffs_[ADAM_BC2_SQRT], dims) + EPS;
        torch::Tensor moved = base - per_replica(coeffs_[ADAM_STEP_SIZE], dims) * (next1 / denom);
        m1.copy_(torch::where(mask, next1, m1));
        m2.copy_(torch::where(mask, next2, m2));
        p.copy_(torch::where(mask, moved, p));
    }
}

void Replicas::step(const Data &data, int64_t batch, const double *lrs, const uint8_t *active, const int64_t *indices,
                    const uint8_t *flips, const int32_t *noise_offsets) {
    check_step(data, batch);
    if (lrs == nullptr || active == nullptr) throw ArgumentError("lrs, active: must not be NULL");
    torch::Tensor host = torch::zeros({COEFFICIENTS, count_}, torch::kFloat64);
    auto c = host.accessor<double, 2>();
    for (int64_t k = 0; k < count_; k++) {
        if (!(lrs[k] >= 0) || !std::isfinite(lrs[k])) {
            throw ArgumentError("lrs[" + std::to_string(k) + "] = " + std::to_string(lrs[k]) + ": must be >= 0");
        }
        if (active[k] == 0) continue;
        int64_t step = ++steps_[static_cast<size_t>(k)];
        c[LR][k] = lrs[k];
        c[ACTIVE][k] = 1;
        c[ADAM_STEP_SIZE][k] = lrs[k] / (1 - std::pow(BETA1, static_cast<double>(step)));
        c[ADAM_BC2_SQRT][k] = std::sqrt(1 - std::pow(BETA2, static_cast<double>(step)));
        c[ADAMW_DECAY][k] = 1 - lrs[k] * weight_decay_;
    }
    // Rounded from double once, as torch.optim's double rates are rounded in a float kernel.
    // On CUDA through pinned memory, without waiting for the steps still queued (see Data::batch).
    torch::Tensor rounded = host.to(torch::kFloat32);
    if (device_.is_cuda()) {
        coeffs_.copy_(rounded.pin_memory(), /*non_blocking=*/true);
    } else {
        coeffs_.copy_(rounded);
    }
    auto xy = data.batch(count_ * batch, indices, flips, noise_offsets, loss_.class_targets);
    std::vector<int64_t> shape{count_, batch};
    shape.insert(shape.end(), sample_shape_.begin(), sample_shape_.end());
    torch::Tensor x = xy.first.view(shape);
    torch::Tensor y = xy.second.view({count_, batch});
    if (cuda_graphs_) {
        if (!graph_) graph_ = capture_graph(*this, x, y);
        pending_.push_back(graph_->replay(x, y));
    } else {
        pending_.push_back(step_on(x, y));
    }
}

int64_t Replicas::read_losses(double *losses, int64_t capacity) {
    int64_t steps = static_cast<int64_t>(pending_.size());
    if (steps == 0) return 0;
    if (losses == nullptr) throw ArgumentError("losses = NULL: must not be NULL");
    if (capacity < steps * count_) {
        throw ArgumentError("capacity = " + std::to_string(capacity) + ": must be at least the " +
                            std::to_string(steps * count_) + " losses queued (steps x replicas)");
    }
    torch::Tensor block = torch::stack(pending_).to(torch::kCPU, torch::kFloat64).contiguous();
    pending_.clear();
    std::memcpy(losses, block.data_ptr<double>(), static_cast<size_t>(steps * count_) * sizeof(double));
    return steps;
}

std::vector<torch::Tensor> Replicas::state(int64_t k) {
    if (k < 0 || k >= count_) {
        throw ArgumentError("replica = " + std::to_string(k) + ": must be in [0, " + std::to_string(count_) + ")");
    }
    std::vector<torch::Tensor> views;
    for (const auto &p : params_) views.push_back(p.detach()[k]);
    for (const auto &b : buffers_) views.push_back(b[k]);
    return views;
}

ReplicaSnapshot::ReplicaSnapshot(std::shared_ptr<Replicas> replicas, int64_t replica)
    : replicas_(std::move(replicas)), replica_(replica) {
    torch::NoGradGuard no_grad;
    for (const auto &t : replicas_->state(replica_)) saved_.push_back(t.clone());
    steps_ = replicas_->steps_taken(replica_);
}

void ReplicaSnapshot::restore() {
    torch::NoGradGuard no_grad;
    auto views = replicas_->state(replica_);
    for (size_t i = 0; i < views.size(); i++) views[i].copy_(saved_[i]);
    replicas_->steps_taken(replica_) = steps_;
}

} // namespace lrf
