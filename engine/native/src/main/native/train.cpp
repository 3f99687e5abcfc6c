// Data on the device, losses, optimizers and the training step.
#include "internal.h"

#include "lrfinder_shim.h"
#include "precision.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <sstream>

namespace lrf {
namespace {

std::string shape_of(const torch::Tensor &t) {
    std::ostringstream s;
    s << t.sizes();
    return s.str();
}


void check_cross_entropy(const torch::Tensor &output, const torch::Tensor &target) {
    if (output.dim() != 2 || target.dim() != 1 || output.size(0) != target.size(0)) {
        throw ArgumentError("loss = cross-entropy: needs outputs [batch, classes] and targets [batch], got " +
                            shape_of(output) + " and " + shape_of(target));
    }
}

void check_plan(const int64_t *indices, int64_t batch, int64_t samples) {
    if (indices == nullptr) throw ArgumentError("indices = NULL: must be a batch plan");
    for (int64_t i = 0; i < batch; i++) {
        if (indices[i] < 0 || indices[i] >= samples) {
            throw ArgumentError("indices[" + std::to_string(i) + "] = " + std::to_string(indices[i]) +
                                ": must be in [0, " + std::to_string(samples) + ")");
        }
    }
}

std::unique_ptr<torch::optim::OptimizerParamState> deep_copy(const torch::optim::OptimizerParamState &state) {
    auto copy = [](const torch::Tensor &t) { return t.defined() ? t.clone() : torch::Tensor(); };
    if (auto *s = dynamic_cast<const torch::optim::SGDParamState *>(&state)) {
        auto c = std::make_unique<torch::optim::SGDParamState>();
        c->momentum_buffer(copy(s->momentum_buffer()));
        return c;
    }
    if (auto *s = dynamic_cast<const torch::optim::AdamParamState *>(&state)) {
        auto c = std::make_unique<torch::optim::AdamParamState>();
        c->step(s->step());
        c->exp_avg(copy(s->exp_avg()));
        c->exp_avg_sq(copy(s->exp_avg_sq()));
        c->max_exp_avg_sq(copy(s->max_exp_avg_sq()));
        return c;
    }
    if (auto *s = dynamic_cast<const torch::optim::RMSpropParamState *>(&state)) {
        auto c = std::make_unique<torch::optim::RMSpropParamState>();
        c->step(s->step());
        c->square_avg(copy(s->square_avg()));
        c->momentum_buffer(copy(s->momentum_buffer()));
        c->grad_avg(copy(s->grad_avg()));
        return c;
    }
    if (auto *s = dynamic_cast<const torch::optim::AdamWParamState *>(&state)) {
        auto c = std::make_unique<torch::optim::AdamWParamState>();
        c->step(s->step());
        c->exp_avg(copy(s->exp_avg()));
        c->exp_avg_sq(copy(s->exp_avg_sq()));
        c->max_exp_avg_sq(copy(s->max_exp_avg_sq()));
        return c;
    }
    throw std::logic_error("optimizer state of an unknown kind");
}

} // namespace

torch::Tensor like_output(const torch::Tensor &target, const torch::Tensor &output, const char *loss) {
    if (target.sizes() == output.sizes()) return target;
    if (target.numel() == output.numel()) return target.view_as(output);
    throw ArgumentError(std::string("loss = ") + loss + ": the model's output " + shape_of(output) +
                        " does not match the targets " + shape_of(target));
}

Data::Data(const float *features, const float *targets, int64_t samples, std::vector<int64_t> sample_shape,
           const float *noise_table, int64_t table_length, float augment_noise, torch::Device device)
    : device_(device), samples_(samples), sample_size_(1), sample_shape_(std::move(sample_shape)),
      augment_noise_(augment_noise) {
    if (features == nullptr || targets == nullptr) throw ArgumentError("features, targets: must not be NULL");
    if (samples < 1) throw ArgumentError("samples = " + std::to_string(samples) + ": must be >= 1");
    if (sample_shape_.empty()) throw ArgumentError("sampleShape = []: must have at least one dimension");
    for (int64_t d : sample_shape_) {
        if (d < 1) throw ArgumentError("sampleShape: every dimension must be >= 1, got " + std::to_string(d));
        sample_size_ *= d;
    }
    // On the CPU the caller's memory is the dataset (zero-copy); elsewhere it is copied over once.
    auto f32 = torch::TensorOptions().dtype(torch::kFloat32);
    features_ = torch::from_blob(const_cast<float *>(features), {samples, sample_size_}, f32).to(device);
    targets_ = torch::from_blob(const_cast<float *>(targets), {samples}, f32).to(device);
    class_targets_ = targets_.to(torch::kInt64);
    if (augment_noise != 0) {
        if (noise_table == nullptr || table_length < 1 || (table_length & (table_length - 1)) != 0) {
            throw ArgumentError("noiseTable: must be a power-of-two length table when augment noise is on");
        }
        table_ = torch::from_blob(const_cast<float *>(noise_table), {table_length}, f32).to(device, false, true);
        feature_offsets_ = torch::arange(sample_size_, torch::TensorOptions().dtype(torch::kInt64).device(device));
    }
}

std::pair<torch::Tensor, torch::Tensor> Data::batch(int64_t batch, const int64_t *indices, const uint8_t *flips,
                                                    const int32_t *noise_offsets, bool class_targets) const {
    if (batch < 1) throw ArgumentError("batch = " + std::to_string(batch) + ": must be >= 1");
    check_plan(indices, batch, samples_);
    torch::Tensor index =
        torch::from_blob(const_cast<int64_t *>(indices), {batch}, torch::TensorOptions().dtype(torch::kInt64));
    // Through pinned memory, asynchronously: a plain copy from pageable memory would wait for every
    // step queued before it (the caching host allocator keeps the block until the copy is done).
    if (!device_.is_cpu()) index = index.pin_memory().to(device_, /*non_blocking=*/true);
    torch::Tensor x = features_.index_select(0, index);
    if (flips != nullptr && std::any_of(flips, flips + batch, [](uint8_t f) { return f != 0; })) {
        // A left-right flip of the last axis, as BatchSampler.flipRows does it.
        int64_t width = sample_shape_.back();
        torch::Tensor mask = torch::from_blob(const_cast<uint8_t *>(flips), {batch, 1}, torch::kUInt8)
                                 .to(device_, torch::kBool);
        torch::Tensor flipped = x.view({batch, -1, width}).flip({-1}).reshape({batch, sample_size_});
        x = torch::where(mask, flipped, x);
    }
    if (table_.defined() && noise_offsets != nullptr) {
        // feature i of sample b gets augment_noise * table[(offset_b + i) & (length - 1)]: the
        // float product, then the float sum, as Java computes them.
        torch::Tensor offsets = torch::from_blob(const_cast<int32_t *>(noise_offsets), {batch, 1}, torch::kInt32)
                                    .to(device_, torch::kInt64);
        torch::Tensor at = (offsets + feature_offsets_.view({1, -1})).bitwise_and_(table_.numel() - 1);
        x = x.add_(torch::take(table_, at).mul_(augment_noise_));
    }
    std::vector<int64_t> shape{batch};
    shape.insert(shape.end(), sample_shape_.begin(), sample_shape_.end());
    torch::Tensor y = (class_targets ? class_targets_ : targets_).index_select(0, index);
    return {x.view(shape), y};
}

std::pair<torch::Tensor, torch::Tensor> Data::host_batch(int64_t batch, const float *features, const float *targets,
                                                         bool class_targets) const {
    if (batch < 1) throw ArgumentError("batch = " + std::to_string(batch) + ": must be >= 1");
    if (features == nullptr || targets == nullptr) throw ArgumentError("features, targets: must not be NULL");
    std::vector<int64_t> shape{batch};
    shape.insert(shape.end(), sample_shape_.begin(), sample_shape_.end());
    auto f32 = torch::TensorOptions().dtype(torch::kFloat32);
    torch::Tensor x = torch::from_blob(const_cast<float *>(features), shape, f32);
    torch::Tensor y = torch::from_blob(const_cast<float *>(targets), {batch}, f32);
    if (!device_.is_cpu()) {
        x = x.to(device_);
        y = y.to(device_);
    }
    return {x, class_targets ? y.to(torch::kInt64) : y};
}

Loss make_loss(const LossOptions &options) {
    namespace F = torch::nn::functional;
    const std::string &name = options.name;
    double smoothing = options.label_smoothing;
    double delta = options.huber_delta;
    if (!(smoothing >= 0 && smoothing <= 1)) {
        throw ArgumentError("labelSmoothing = " + std::to_string(smoothing) + ": must be in [0, 1]");
    }
    if (!(delta > 0) || !std::isfinite(delta)) {
        throw ArgumentError("huberDelta = " + std::to_string(delta) + ": must be a finite number > 0");
    }
    if (smoothing != 0 && name != "cross-entropy" && name != "cross_entropy") {
        throw ArgumentError("labelSmoothing = " + std::to_string(smoothing) + ": must be 0 for loss " + name);
    }
    // The names of before (cross_entropy, bce_with_logits, smooth_l1) stay accepted; the fused
    // path and the messages know a loss by its canonical name.
    if (name == "cross-entropy" || name == "cross_entropy") {
        return {"cross_entropy", smoothing == 0,
                [smoothing](const torch::Tensor &o, const torch::Tensor &t) {
                    check_cross_entropy(o, t);
                    return F::cross_entropy(o, t, F::CrossEntropyFuncOptions().label_smoothing(smoothing));
                },
                true};
    }
    if (name == "mse") {
        return {"mse", true, [](const torch::Tensor &o, const torch::Tensor &t) { return torch::mse_loss(o, like_output(t, o, "mse")); },
                false};
    }
    if (name == "l1") {
        return {"l1", false, [](const torch::Tensor &o, const torch::Tensor &t) { return torch::l1_loss(o, like_output(t, o, "l1")); },
                false};
    }
    if (name == "huber" || name == "smooth_l1") {
        if (name == "smooth_l1") delta = 1; // SmoothL1Loss(beta=1) is HuberLoss(delta=1)
        return {"huber", false,
                [delta](const torch::Tensor &o, const torch::Tensor &t) {
                    return F::huber_loss(o, like_output(t, o, "huber"), F::HuberLossFuncOptions().delta(delta));
                },
                false};
    }
    if (name == "bce" || name == "bce_with_logits") {
        return {"bce_with_logits", false,
                [](const torch::Tensor &o, const torch::Tensor &t) {
                    return torch::binary_cross_entropy_with_logits(o, like_output(t, o, "bce"));
                },
                false};
    }
    throw ArgumentError("loss = " + name + ": must be one of cross-entropy, bce, mse, l1, huber");
}

std::unique_ptr<torch::optim::Optimizer> make_optimizer(const OptimizerOptions &o, std::vector<torch::Tensor> params) {
    // torch.optim's own checks, for callers other than Java (which checks first, naming its options).
    auto unit = [](const char *name, double v, bool closed) {
        if (!(v >= 0 && (closed ? v <= 1 : v < 1))) {
            throw ArgumentError(std::string(name) + " = " + std::to_string(v) + ": must be in [0, 1" + (closed ? "]" : ")"));
        }
    };
    unit("momentum", o.momentum, false);
    unit("dampening", o.dampening, true);
    unit("beta1", o.beta1, false);
    unit("beta2", o.beta2, false);
    unit("alpha", o.alpha, true);
    if (!(o.weight_decay >= 0) || !std::isfinite(o.weight_decay)) {
        throw ArgumentError("weightDecay = " + std::to_string(o.weight_decay) + ": must be >= 0");
    }
    if (!(o.eps >= 0) || !std::isfinite(o.eps)) throw ArgumentError("eps = " + std::to_string(o.eps) + ": must be >= 0");
    // The rate given here is replaced before every step.
    using namespace torch::optim;
    if (o.kind == "sgd") {
        if (o.nesterov && (o.momentum <= 0 || o.dampening != 0)) {
            throw ArgumentError("nesterov = true: needs momentum > 0 and dampening 0");
        }
        return std::make_unique<SGD>(params, SGDOptions(1e-3)
                                                 .momentum(o.momentum)
                                                 .dampening(o.dampening)
                                                 .nesterov(o.nesterov)
                                                 .weight_decay(o.weight_decay));
    }
    if (o.kind == "adam") {
        return std::make_unique<Adam>(
            params, AdamOptions(1e-3).betas({o.beta1, o.beta2}).eps(o.eps).weight_decay(o.weight_decay));
    }
    if (o.kind == "adamw") {
        return std::make_unique<AdamW>(
            params, AdamWOptions(1e-3).betas({o.beta1, o.beta2}).eps(o.eps).weight_decay(o.weight_decay));
    }
    if (o.kind == "rmsprop") {
        return std::make_unique<RMSprop>(params, RMSpropOptions(1e-3)
                                                     .alpha(o.alpha)
                                                     .eps(o.eps)
                                                     .weight_decay(o.weight_decay)
                                                     .momentum(o.momentum)
                                                     .centered(o.centered));
    }
    throw ArgumentError("optimizer = " + o.kind + ": must be one of sgd, adam, adamw, rmsprop");
}

OptimizerState copy_optimizer_state(torch::optim::Optimizer &optimizer) {
    OptimizerState copy;
    for (const auto &entry : optimizer.state()) copy.emplace_back(entry.first, deep_copy(*entry.second));
    return copy;
}

void restore_optimizer_state(torch::optim::Optimizer &optimizer, const OptimizerState &state) {
    optimizer.state().clear();
    for (const auto &entry : state) optimizer.state()[entry.first] = deep_copy(*entry.second);
}

Trainer::Trainer(std::shared_ptr<Model> model, const OptimizerOptions &optimizer, const LossOptions &loss,
                 int64_t accumulate, int64_t seed, bool autograd_only)
    : model_(std::move(model)), params_(model_->parameters()), loss_(make_loss(loss)),
      accumulate_(accumulate) {
    if (accumulate < 1) throw ArgumentError("accumulate = " + std::to_string(accumulate) + ": must be >= 1");
    optimizer_ = make_optimizer(optimizer, params_);
    // The fused path takes one batch per step and a loss it writes by hand; everything else, and
    // optimizers without a fused rule, go through autograd and torch.optim.
    if (!autograd_only && accumulate == 1 && loss_.fusable && model_->has_fused_step()) {
        fused_ = make_fused_update(*optimizer_, model_->device());
    }
    // Seeds what the step itself draws (dropout in a user's module); weights and batches are seeded
    // elsewhere.
    torch::manual_seed(static_cast<uint64_t>(seed));
    model_->train(true);
}

void Trainer::check_device(const Data &data) const {
    if (data.device() != model_->device()) {
        throw ArgumentError("data: on " + data.device().str() + " but the model is on " + model_->device().str());
    }
}

void Trainer::set_momentum(double momentum) {
    if (!(momentum >= 0 && momentum < 1)) {
        throw ArgumentError("momentum = " + std::to_string(momentum) + ": must be in [0, 1)");
    }
    using namespace torch::optim;
    for (auto &group : optimizer_->param_groups()) {
        auto &options = group.options();
        // As torch.optim: a momentum of 0 skips the buffer, and a trainer made without one starts
        // it lazily at the first non-zero value (the fused plain-SGD update refuses instead).
        if (auto *sgd = dynamic_cast<SGDOptions *>(&options)) {
            sgd->momentum(momentum);
        } else if (auto *rms = dynamic_cast<RMSpropOptions *>(&options)) {
            rms->momentum(momentum);
        } else if (auto *adam = dynamic_cast<AdamOptions *>(&options)) {
            adam->betas({momentum, std::get<1>(adam->betas())});
        } else if (auto *adamw = dynamic_cast<AdamWOptions *>(&options)) {
            adamw->betas({momentum, std::get<1>(adamw->betas())});
        } else {
            throw ArgumentError("momentum: this optimizer has none to set");
        }
    }
    if (fused_) fused_->set_momentum(momentum);
}

void Trainer::set_precision(Precision precision) {
    precision_ = precision;
    scaler_ = precision == Precision::Fp16 ? std::make_shared<GradScaler>(model_->device()) : nullptr;
}

torch::Tensor Trainer::train_step(const std::pair<torch::Tensor, torch::Tensor> &xy, double lr) {
    if (fused_ && precision_ == Precision::Fp32) {
        fused_->set_lr(lr);
        torch::Tensor loss = model_->fused_step(xy.first, xy.second, loss_.name, *fused_);
        if (loss.defined()) return loss;
    }
    for (auto &group : optimizer_->param_groups()) group.options().set_lr(lr);
    // Gradients set to none rather than zeroed: backward then writes them without a memset and an add.
    for (auto &p : params_) p.mutable_grad().reset();
    // With accumulation, consecutive micro-batches; each backward adds 1/N of its batch's mean-loss
    // gradient, so the step sees the mean over the N, as one batch of all their rows would give it.
    torch::Tensor loss;
    int64_t micro = xy.first.size(0) / accumulate_;
    for (int64_t k = 0; k < accumulate_; k++) {
        torch::Tensor x = accumulate_ == 1 ? xy.first : xy.first.narrow(0, k * micro, micro);
        torch::Tensor y = accumulate_ == 1 ? xy.second : xy.second.narrow(0, k * micro, micro);
        torch::Tensor part;
        {
            AutocastScope autocast(precision_, model_->device());
            part = loss_.fn(model_->forward(x).to(torch::kFloat32), y);
        }
        torch::Tensor share = accumulate_ == 1 ? part : part.div(static_cast<double>(accumulate_));
        if (scaler_) {
            scaler_->scale(share).backward();
        } else {
            share.backward();
        }
        loss = loss.defined() ? loss.add(part.detach()) : part.detach();
    }
    if (accumulate_ > 1) loss = loss.div(static_cast<double>(accumulate_));
    if (scaler_) {
        if (scaler_->unscale(params_)) optimizer_->step();
        scaler_->update();
    } else {
        optimizer_->step();
    }
    return loss.detach();
}

void Trainer::step(const Data &data, int64_t batch, double lr, const int64_t *indices, const uint8_t *flips,
                   const int32_t *noise_offsets) {
    check_device(data);
    if (batch < 1) throw ArgumentError("batch = " + std::to_string(batch) + ": must be >= 1");
    auto xy = data.batch(batch * accumulate_, indices, flips, noise_offsets, loss_.class_targets);
    pending_.push_back(train_step(xy, lr));
}

void Trainer::step_host(const Data &data, int64_t batch, double lr, const float *features, const float *targets) {
    check_device(data);
    if (batch < 1) throw ArgumentError("batch = " + std::to_string(batch) + ": must be >= 1");
    auto xy = data.host_batch(batch * accumulate_, features, targets, loss_.class_targets);
    pending_.push_back(train_step(xy, lr));
}

double Trainer::evaluate(const Data &data, int64_t rows, const int64_t *indices, int64_t batch_size) {
    check_device(data);
    if (rows < 1) throw ArgumentError("rows = " + std::to_string(rows) + ": must be >= 1");
    if (batch_size < 1) throw ArgumentError("batchSize = " + std::to_string(batch_size) + ": must be >= 1");
    torch::NoGradGuard no_grad;
    // Eval mode for the forward passes (batch norm's running statistics, no dropout), train mode after.
    struct TrainAgain {
        Model &model;
        ~TrainAgain() { model.train(true); }
    } train_again{*model_};
    model_->train(false);
    torch::Tensor total = torch::zeros({}, torch::TensorOptions().dtype(torch::kFloat64).device(model_->device()));
    for (int64_t from = 0; from < rows; from += batch_size) {
        int64_t n = std::min(batch_size, rows - from);
        auto xy = data.batch(n, indices + from, nullptr, nullptr, loss_.class_targets);
        // Each batch's loss is a mean: weighed by its rows for the mean over every row.
        total.add_(loss_.fn(model_->forward(xy.first), xy.second).to(torch::kFloat64), static_cast<double>(n));
    }
    return total.item<double>() / static_cast<double>(rows);
}

int64_t Trainer::read_losses(double *losses, int64_t capacity) {
    int64_t count = static_cast<int64_t>(pending_.size());
    if (count == 0) return 0;
    if (losses == nullptr) throw ArgumentError("losses = NULL: must not be NULL");
    if (capacity < count) {
        throw ArgumentError("capacity = " + std::to_string(capacity) + ": must be at least the " +
                            std::to_string(count) + " losses queued");
    }
    // One host read per block: on CUDA the losses stay on the device until here.
    torch::Tensor block = torch::stack(pending_).to(torch::kCPU, torch::kFloat64).contiguous();
    pending_.clear();
    std::memcpy(losses, block.data_ptr<double>(), static_cast<size_t>(count) * sizeof(double));
    return count;
}

Snapshot::Snapshot(const Trainer &trainer) : model_(trainer.model()), optimizer_(trainer.optimizer()) {
    torch::NoGradGuard no_grad;
    for (const auto &p : model_->parameters()) params_.push_back(p.detach().clone());
    for (const auto &b : model_->buffers()) buffers_.push_back(b.detach().clone());
    optimizer_state_ = copy_optimizer_state(*optimizer_);
}

void Snapshot::restore() {
    // In place: the optimizer and any caller holding the tensors keep seeing the same storage.
    torch::NoGradGuard no_grad;
    auto params = model_->parameters();
    for (size_t i = 0; i < params.size(); i++) params[i].detach().copy_(params_[i]);
    auto buffers = model_->buffers();
    for (size_t i = 0; i < buffers.size(); i++) buffers[i].detach().copy_(buffers_[i]);
    restore_optimizer_state(*optimizer_, optimizer_state_);
}

} // namespace lrf
