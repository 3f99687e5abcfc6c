// The built-in models of Java's ModelSpec, and TorchScript modules.
#include "internal.h"

#include <torch/script.h>

#include <dlfcn.h>

#include <cmath>
#include <fstream>
#include <sstream>

namespace lrf {
namespace {

torch::Tensor activate(const std::string &activation, const torch::Tensor &x) {
    if (activation == "relu") return torch::relu(x);
    if (activation == "tanh") return torch::tanh(x);
    if (activation == "gelu") return torch::gelu(x); // exact (erf) GELU, as DJL's and torch's default
    return torch::sigmoid(x);
}

// Weights uniform in +-1/sqrt(fanIn) (PyTorch's default bound), drawn on the CPU from one
// generator in layer order so that a seed means the same weights on every device.
torch::Tensor uniform_weight(at::Generator &gen, std::vector<int64_t> shape, int64_t fan_in) {
    double bound = 1.0 / std::sqrt(static_cast<double>(fan_in));
    return torch::empty(shape, torch::kFloat32).uniform_(-bound, bound, gen);
}

// oneDNN's row-major sgemm, from the libdnnl.so.2 Debian's libtorch is linked with (already in the
// process: RTLD_NOLOAD never loads it). On this machine's AVX2 cores it runs the MLP's products
// 8-25% faster than the OpenBLAS ATen calls (measured); null where libtorch has no shared oneDNN
// (pip wheels link it in statically), and ATen's products are used.
using DnnlSgemm = int (*)(char transa, char transb, int64_t m, int64_t n, int64_t k, float alpha, const float *a,
                          int64_t lda, const float *b, int64_t ldb, float beta, float *c, int64_t ldc);
DnnlSgemm dnnl_sgemm() {
    static const DnnlSgemm sgemm = [] {
        void *lib = dlopen("libdnnl.so.2", RTLD_NOW | RTLD_NOLOAD);
        return lib == nullptr ? nullptr : reinterpret_cast<DnnlSgemm>(dlsym(lib, "dnnl_sgemm"));
    }();
    return sgemm;
}

// c = alpha op(a) op(b) + beta c, all row-major contiguous float32 on the CPU.
void sgemm(bool ta, bool tb, const torch::Tensor &a, const torch::Tensor &b, float alpha, float beta,
           torch::Tensor &c) {
    int64_t m = c.size(0), n = c.size(1), k = ta ? a.size(0) : a.size(1);
    int status = dnnl_sgemm()(ta ? 'T' : 'N', tb ? 'T' : 'N', m, n, k, alpha, a.data_ptr<float>(), a.size(1),
                              b.data_ptr<float>(), b.size(1), beta, c.data_ptr<float>(), n);
    if (status != 0) throw std::runtime_error("dnnl_sgemm failed with status " + std::to_string(status));
}

// Flatten, then Linear + activation per width, then Linear(outputs): plain tensors and
// functional ops, no module machinery in the step.
class Mlp : public Model {
  public:
    Mlp(const std::vector<int64_t> &widths, std::string activation, int64_t inputs, int64_t outputs, int64_t seed,
        torch::Device device)
        : Model(device), activation_(std::move(activation)) {
        auto gen = at::detail::createCPUGenerator(static_cast<uint64_t>(seed));
        int64_t fan_in = inputs;
        std::vector<int64_t> sizes = widths;
        sizes.push_back(outputs);
        for (int64_t width : sizes) {
            weights_.push_back(uniform_weight(gen, {width, fan_in}, fan_in).to(device).requires_grad_());
            biases_.push_back(torch::zeros({width}, torch::kFloat32).to(device).requires_grad_());
            fan_in = width;
        }
    }

    torch::Tensor forward(const torch::Tensor &input) override {
        torch::Tensor x = input.flatten(1);
        size_t last = weights_.size() - 1;
        for (size_t i = 0; i < last; i++) {
            x = activate(activation_, torch::addmm(biases_[i], x, weights_[i].t()));
        }
        return torch::addmm(biases_[last], x, weights_[last].t());
    }

    std::vector<torch::Tensor> parameters() override {
        std::vector<torch::Tensor> all;
        for (size_t i = 0; i < weights_.size(); i++) {
            all.push_back(weights_[i]);
            all.push_back(biases_[i]);
        }
        return all;
    }
    std::vector<torch::Tensor> buffers() override { return {}; }
    void train(bool) override {}

    bool has_fused_step() const override { return true; }

    torch::Tensor fused_step(const torch::Tensor &input, const torch::Tensor &target, const std::string &loss,
                             FusedUpdate &update) override {
        if (loss != "cross_entropy" && loss != "mse") return {};
        torch::NoGradGuard no_grad;
        bool onednn = device().is_cpu() && dnnl_sgemm() != nullptr;
        size_t layers = weights_.size();
        std::vector<torch::Tensor> inputs{input.flatten(1).contiguous()}; // what each layer multiplies
        std::vector<torch::Tensor> pre;                                   // each hidden layer's pre-activation
        for (size_t i = 0; i + 1 < layers; i++) {
            pre.push_back(linear(inputs[i], i, onednn));
            inputs.push_back(activate(activation_, pre[i]).contiguous());
        }
        torch::Tensor out = linear(inputs[layers - 1], layers - 1, onednn);

        // The loss and its gradient with respect to the output, by the kernels autograd would run.
        torch::Tensor value, grad;
        if (loss == "cross_entropy") {
            torch::Tensor logp = torch::log_softmax(out, 1);
            auto nll = torch::nll_loss_forward(logp, target, {}, at::Reduction::Mean, -100);
            value = std::get<0>(nll);
            torch::Tensor g = torch::nll_loss_backward(torch::ones_like(value), logp, target, {}, at::Reduction::Mean,
                                                       -100, std::get<1>(nll));
            grad = torch::_log_softmax_backward_data(g, logp, 1, logp.scalar_type());
        } else {
            torch::Tensor t = like_output(target, out, "mse");
            value = torch::mse_loss(out, t);
            grad = torch::mse_loss_backward(torch::ones_like(value), out, t, at::Reduction::Mean);
        }

        // Back through the layers, last first. The gradient for the layer below is taken before
        // this layer's weights change, so the step is exactly the optimizer's on the old weights.
        // Plain SGD's update is linear: it goes into the weight-gradient product itself; any other
        // rule gets the gradient in a buffer kept from step to step.
        double keep = 1, rate = 0;
        bool linear_update = update.linear(keep, rate);
        if (weight_grads_.empty()) weight_grads_.resize(layers);
        torch::Tensor dz = grad;
        for (size_t i = layers; i-- > 0;) {
            dz = dz.contiguous();
            torch::Tensor below;
            if (i > 0) {
                torch::Tensor down;
                if (onednn) {
                    down = torch::empty({dz.size(0), weights_[i].size(1)}, dz.options());
                    sgemm(false, false, dz, weights_[i], 1, 0, down);
                } else {
                    down = torch::mm(dz, weights_[i]);
                }
                below = activation_backward(down, pre[i - 1], inputs[i]);
            }
            torch::Tensor w = weights_[i].detach();
            if (linear_update && onednn) {
                sgemm(true, false, dz, inputs[i], static_cast<float>(-rate), static_cast<float>(keep), w);
            } else if (linear_update) {
                w.addmm_(dz.t(), inputs[i], keep, -rate);
            } else {
                torch::Tensor &dw = weight_grads_[i];
                if (!dw.defined()) dw = torch::empty_like(w);
                if (onednn) {
                    sgemm(true, false, dz, inputs[i], 1, 0, dw);
                } else {
                    torch::mm_out(dw, dz.t(), inputs[i]);
                }
                update.apply(weights_[i], dw);
            }
            update.apply(biases_[i], dz.sum(0));
            dz = below;
        }
        return value;
    }

  private:
    // x W^T + b of layer i.
    torch::Tensor linear(const torch::Tensor &x, size_t i, bool onednn) {
        if (!onednn) return torch::addmm(biases_[i], x, weights_[i].t());
        torch::Tensor out = biases_[i].detach().expand({x.size(0), weights_[i].size(0)}).contiguous();
        sgemm(false, true, x, weights_[i].detach(), 1, 1, out);
        return out;
    }

    // d(activation)/d(pre) applied to `grad`, with the kernels autograd uses for each.
    torch::Tensor activation_backward(const torch::Tensor &grad, const torch::Tensor &pre, const torch::Tensor &post) {
        if (activation_ == "relu") return torch::threshold_backward(grad, post, 0);
        if (activation_ == "tanh") return torch::tanh_backward(grad, post);
        if (activation_ == "gelu") return torch::gelu_backward(grad, pre);
        return torch::sigmoid_backward(grad, post);
    }

    std::string activation_;
    std::vector<torch::Tensor> weights_;
    std::vector<torch::Tensor> biases_;
    std::vector<torch::Tensor> weight_grads_; // the fused step's gradient buffers, one per weight
};

// Two blocks of Conv 3x3 (padding 1) + activation + MaxPool 2, flatten, Linear(outputs).
class Cnn : public Model {
  public:
    Cnn(const std::vector<int64_t> &filters, std::string activation, const std::vector<int64_t> &shape,
        int64_t outputs, int64_t seed, torch::Device device)
        : Model(device), activation_(std::move(activation)) {
        auto gen = at::detail::createCPUGenerator(static_cast<uint64_t>(seed));
        int64_t channels = shape[0], height = shape[1], width = shape[2];
        for (int64_t f : filters) {
            int64_t fan_in = channels * 9;
            conv_weights_.push_back(uniform_weight(gen, {f, channels, 3, 3}, fan_in).to(device).requires_grad_());
            conv_biases_.push_back(torch::zeros({f}, torch::kFloat32).to(device).requires_grad_());
            channels = f;
            height /= 2;
            width /= 2;
        }
        int64_t flat = channels * height * width;
        if (flat < 1) {
            throw ArgumentError("sampleShape: the image is too small for two 2x2 poolings");
        }
        linear_weight_ = uniform_weight(gen, {outputs, flat}, flat).to(device).requires_grad_();
        linear_bias_ = torch::zeros({outputs}, torch::kFloat32).to(device).requires_grad_();
    }

    torch::Tensor forward(const torch::Tensor &input) override {
        torch::Tensor x = input;
        for (size_t i = 0; i < conv_weights_.size(); i++) {
            x = torch::conv2d(x, conv_weights_[i], conv_biases_[i], 1, 1);
            x = torch::max_pool2d(activate(activation_, x), 2);
        }
        return torch::addmm(linear_bias_, x.flatten(1), linear_weight_.t());
    }

    std::vector<torch::Tensor> parameters() override {
        std::vector<torch::Tensor> all;
        for (size_t i = 0; i < conv_weights_.size(); i++) {
            all.push_back(conv_weights_[i]);
            all.push_back(conv_biases_[i]);
        }
        all.push_back(linear_weight_);
        all.push_back(linear_bias_);
        return all;
    }
    std::vector<torch::Tensor> buffers() override { return {}; }
    void train(bool) override {}

  private:
    std::string activation_;
    std::vector<torch::Tensor> conv_weights_;
    std::vector<torch::Tensor> conv_biases_;
    torch::Tensor linear_weight_;
    torch::Tensor linear_bias_;
};

// What a user's forward returned, as the one tensor the loss reads: a tensor, or a dict, tuple or
// list holding exactly one (model zoos return {"logits": y}); DJL's backend unpacks the same ones,
// so a file sweeps on both or on neither. More than one is refused: which one the loss should read
// is not for the sweep to guess. The words "must return one tensor" are matched by NativeBackend.
torch::Tensor only_tensor(const c10::IValue &out) {
    if (out.isTensor()) return out.toTensor();
    std::vector<c10::IValue> entries;
    std::string kind = out.tagKind();
    if (out.isGenericDict()) {
        kind = "dict";
        for (const auto &entry : out.toGenericDict()) entries.push_back(entry.value());
    } else if (out.isTuple()) {
        kind = "tuple";
        for (const auto &element : out.toTupleRef().elements()) entries.push_back(element);
    } else if (out.isList()) {
        kind = "list";
        for (const auto &element : out.toListRef()) entries.push_back(element);
    }
    if (entries.size() == 1 && entries[0].isTensor()) return entries[0].toTensor();
    bool tensors = !entries.empty();
    for (const auto &entry : entries) tensors = tensors && entry.isTensor();
    throw ArgumentError("model: the TorchScript module's forward must return one tensor, it returns " +
                        (entries.empty() ? "a " + kind
                                         : "a " + kind + " of " + std::to_string(entries.size()) +
                                               (tensors ? " tensors" : " values")));
}

// A user's module from torch.jit.save; its forward takes one tensor and returns one (see only_tensor).
class Scripted : public Model {
  public:
    Scripted(torch::jit::Module module, torch::Device device) : Model(device), module_(std::move(module)) {
        for (const auto &p : module_.parameters(/*recurse=*/true)) {
            if (p.requires_grad()) params_.push_back(p);
        }
        for (const auto &b : module_.buffers(/*recurse=*/true)) buffers_.push_back(b);
        if (params_.empty()) {
            throw ArgumentError("model: the TorchScript module has no trainable parameters");
        }
    }

    torch::Tensor forward(const torch::Tensor &input) override { return only_tensor(module_.forward({input})); }

    std::vector<torch::Tensor> parameters() override { return params_; }
    std::vector<torch::Tensor> buffers() override { return buffers_; }
    void train(bool on) override { module_.train(on); }

  private:
    torch::jit::Module module_;
    std::vector<torch::Tensor> params_;
    std::vector<torch::Tensor> buffers_;
};

std::string join(const std::vector<int64_t> &v) {
    std::ostringstream s;
    s << "[";
    for (size_t i = 0; i < v.size(); i++) s << (i ? ", " : "") << v[i];
    s << "]";
    return s.str();
}

} // namespace

std::shared_ptr<Model> make_builtin(const std::string &kind, const std::vector<int64_t> &widths,
                                    const std::string &activation, const std::vector<int64_t> &sample_shape,
                                    int64_t outputs, int64_t seed, torch::Device device) {
    if (activation != "relu" && activation != "tanh" && activation != "gelu" && activation != "sigmoid") {
        throw ArgumentError("activation = " + activation + ": must be one of relu, tanh, gelu, sigmoid");
    }
    if (outputs < 1) throw ArgumentError("outputs = " + std::to_string(outputs) + ": must be >= 1");
    for (int64_t w : widths) {
        if (w < 1) throw ArgumentError("widths = " + join(widths) + ": must all be >= 1");
    }
    int64_t inputs = 1;
    for (int64_t d : sample_shape) {
        if (d < 1) throw ArgumentError("sampleShape = " + join(sample_shape) + ": must all be >= 1");
        inputs *= d;
    }
    if (kind == "mlp") {
        return std::make_shared<Mlp>(widths, activation, inputs, outputs, seed, device);
    }
    if (kind == "cnn") {
        if (widths.size() != 2) throw ArgumentError("widths = " + join(widths) + ": must be two filter counts for cnn");
        if (sample_shape.size() != 3) {
            throw ArgumentError("sampleShape = " + join(sample_shape) + ": must be [channels, height, width] for cnn");
        }
        return std::make_shared<Cnn>(widths, activation, sample_shape, outputs, seed, device);
    }
    throw ArgumentError("model = " + kind + ": must be one of mlp, cnn");
}

std::shared_ptr<Model> load_script(const std::string &path, torch::Device device) {
    // torch::jit::load's own message for a missing file is a bare "open file failed"; say which.
    if (!std::ifstream(path).good()) {
        throw IoError("model = " + path + ": cannot open the file (missing or unreadable)");
    }
    // On the CPU the file loads where it was saved, then moves: a file saved for CUDA then fails on a
    // libtorch without CUDA, as torch.jit.load does in Python, instead of being mapped in silence.
    torch::jit::Module module = device.is_cpu() ? torch::jit::load(path) : torch::jit::load(path, device);
    if (device.is_cpu()) module.to(device);
    module.train(true);
    return std::make_shared<Scripted>(std::move(module), device);
}

} // namespace lrf

namespace lrf {
torch::Tensor activation(const std::string &name, const torch::Tensor &x) { return activate(name, x); }
} // namespace lrf
