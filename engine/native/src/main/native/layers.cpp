// Networks laid out by Java's Architectures (ResNet, VGG, MobileNet, and MLP/CNN with batch norm
// or dropout), built from the layer program NativeModel.layers sends. Every size is in the
// program: nothing is inferred here.
//
// The program: whitespace-separated tokens, one layer after another:
//   conv IN OUT KERNEL STRIDE PADDING GROUPS BIAS(0|1)   bn FEATURES   act relu|tanh|gelu|sigmoid|relu6
//   maxpool KERNEL STRIDE PADDING   gap   flatten   linear IN OUT   dropout P
//   res ( BODY... ) ( SHORTCUT... )      (an empty shortcut is the identity)
#include "internal.h"

#include <cmath>
#include <sstream>

namespace lrf {
namespace {

// What a layer's forward needs besides its input.
struct Pass {
    bool training;
    at::Generator &dropout_gen;
};

class Node {
  public:
    virtual ~Node() = default;
    virtual torch::Tensor forward(const torch::Tensor &x, Pass &pass) = 0;
    virtual void collect(std::vector<torch::Tensor> &params, std::vector<torch::Tensor> &buffers) {}
};
using Seq = std::vector<std::unique_ptr<Node>>;

torch::Tensor run(Seq &seq, torch::Tensor x, Pass &pass) {
    for (auto &node : seq) x = node->forward(x, pass);
    return x;
}

// Weights uniform in +-1/sqrt(fanIn), from the one generator in layer order: a seed means the
// same weights on every device.
torch::Tensor uniform(at::Generator &gen, std::vector<int64_t> shape, int64_t fan_in, torch::Device device) {
    double bound = 1.0 / std::sqrt(static_cast<double>(fan_in));
    return torch::empty(shape, torch::kFloat32).uniform_(-bound, bound, gen).to(device).requires_grad_();
}

torch::Tensor zeros(int64_t n, torch::Device device, bool grad) {
    torch::Tensor t = torch::zeros({n}, torch::TensorOptions().dtype(torch::kFloat32).device(device));
    return grad ? t.requires_grad_() : t;
}

class Conv : public Node {
  public:
    Conv(at::Generator &gen, int64_t in, int64_t out, int64_t kernel, int64_t stride, int64_t padding, int64_t groups,
         bool bias, torch::Device device)
        : stride_(stride), padding_(padding), groups_(groups) {
        if (in < 1 || out < 1 || kernel < 1 || stride < 1 || padding < 0 || groups < 1 || in % groups != 0 ||
            out % groups != 0) {
            throw ArgumentError("layers: conv " + std::to_string(in) + " -> " + std::to_string(out) + " groups " +
                                std::to_string(groups) + ": must have positive sizes that the groups divide");
        }
        int64_t fan_in = in / groups * kernel * kernel;
        weight_ = uniform(gen, {out, in / groups, kernel, kernel}, fan_in, device);
        if (bias) bias_ = zeros(out, device, true);
    }
    torch::Tensor forward(const torch::Tensor &x, Pass &) override {
        return torch::conv2d(x, weight_, bias_, stride_, padding_, 1, groups_);
    }
    void collect(std::vector<torch::Tensor> &params, std::vector<torch::Tensor> &) override {
        params.push_back(weight_);
        if (bias_.defined()) params.push_back(bias_);
    }

  private:
    torch::Tensor weight_, bias_;
    int64_t stride_, padding_, groups_;
};

class BatchNorm : public Node {
  public:
    BatchNorm(int64_t features, torch::Device device)
        : weight_(torch::ones({features}, torch::TensorOptions().dtype(torch::kFloat32).device(device)).requires_grad_()),
          bias_(zeros(features, device, true)), mean_(zeros(features, device, false)),
          var_(torch::ones({features}, torch::TensorOptions().dtype(torch::kFloat32).device(device))),
          tracked_(torch::zeros({}, torch::TensorOptions().dtype(torch::kInt64).device(device))) {}
    torch::Tensor forward(const torch::Tensor &x, Pass &pass) override {
        if (pass.training) {
            torch::NoGradGuard no_grad;
            tracked_.add_(1);
        }
        // torch.nn.BatchNorm's defaults: momentum 0.1, eps 1e-5; running statistics updated in place.
        return torch::batch_norm(x, weight_, bias_, mean_, var_, pass.training, 0.1, 1e-5,
                                 at::globalContext().userEnabledCuDNN());
    }
    void collect(std::vector<torch::Tensor> &params, std::vector<torch::Tensor> &buffers) override {
        params.push_back(weight_);
        params.push_back(bias_);
        buffers.push_back(mean_);
        buffers.push_back(var_);
        buffers.push_back(tracked_);
    }

  private:
    torch::Tensor weight_, bias_, mean_, var_, tracked_;
};

class Act : public Node {
  public:
    explicit Act(std::string name) : name_(std::move(name)) {
        if (name_ != "relu" && name_ != "tanh" && name_ != "gelu" && name_ != "sigmoid" && name_ != "relu6") {
            throw ArgumentError("layers: act " + name_ + ": must be relu, tanh, gelu, sigmoid or relu6");
        }
    }
    torch::Tensor forward(const torch::Tensor &x, Pass &) override {
        // ReLU and ReLU6 in place, as torchvision's modules run them (inplace=True): no new
        // activation-sized tensor per layer. Every layout puts them after a layer whose backward
        // does not need its output, and autograd's version counter would refuse it otherwise.
        torch::Tensor y = x;
        if (name_ == "relu") return torch::relu_(y);
        if (name_ == "relu6") return torch::hardtanh_(y, 0, 6);
        if (name_ == "tanh") return torch::tanh(x);
        if (name_ == "gelu") return torch::gelu(x);
        return torch::sigmoid(x);
    }

  private:
    std::string name_;
};

class MaxPool : public Node {
  public:
    MaxPool(int64_t kernel, int64_t stride, int64_t padding) : kernel_(kernel), stride_(stride), padding_(padding) {}
    torch::Tensor forward(const torch::Tensor &x, Pass &) override {
        return torch::max_pool2d(x, kernel_, stride_, padding_);
    }

  private:
    int64_t kernel_, stride_, padding_;
};

class GlobalAvgPool : public Node {
  public:
    torch::Tensor forward(const torch::Tensor &x, Pass &) override {
        return torch::adaptive_avg_pool2d(x, {1, 1}).flatten(1);
    }
};

class Flatten : public Node {
  public:
    torch::Tensor forward(const torch::Tensor &x, Pass &) override { return x.flatten(1); }
};

class Linear : public Node {
  public:
    Linear(at::Generator &gen, int64_t in, int64_t out, torch::Device device)
        : weight_(uniform(gen, {out, in}, in, device)), bias_(zeros(out, device, true)) {}
    torch::Tensor forward(const torch::Tensor &x, Pass &) override {
        if (x.dim() != 2 || x.size(1) != weight_.size(1)) {
            std::ostringstream m;
            m << "layers: linear takes [batch, " << weight_.size(1) << "], got " << x.sizes();
            throw ArgumentError(m.str());
        }
        return torch::addmm(bias_, x, weight_.t());
    }
    void collect(std::vector<torch::Tensor> &params, std::vector<torch::Tensor> &) override {
        params.push_back(weight_);
        params.push_back(bias_);
    }

  private:
    torch::Tensor weight_, bias_;
};

class Dropout : public Node {
  public:
    explicit Dropout(double p) : p_(p) {
        if (!(p >= 0 && p < 1)) throw ArgumentError("layers: dropout " + std::to_string(p) + ": must be in [0, 1)");
    }
    torch::Tensor forward(const torch::Tensor &x, Pass &pass) override {
        if (!pass.training || p_ == 0) return x;
        // The mask from the model's own generator (drawn on the CPU), not libtorch's global one:
        // runs on other threads must not draw each other's numbers.
        torch::Tensor keep = torch::empty(x.sizes(), torch::kFloat32).bernoulli_(1 - p_, pass.dropout_gen);
        return x * keep.to(x.device()).div_(1 - p_);
    }

  private:
    double p_;
};

class Residual : public Node {
  public:
    Residual(Seq body, Seq shortcut) : body_(std::move(body)), shortcut_(std::move(shortcut)) {}
    torch::Tensor forward(const torch::Tensor &x, Pass &pass) override {
        torch::Tensor skip = shortcut_.empty() ? x : run(shortcut_, x, pass);
        // Added into the body's output (batch norm's, whose backward does not need it), as
        // torchvision's `out += identity`.
        return run(body_, x, pass).add_(skip);
    }
    void collect(std::vector<torch::Tensor> &params, std::vector<torch::Tensor> &buffers) override {
        for (auto &n : body_) n->collect(params, buffers);
        for (auto &n : shortcut_) n->collect(params, buffers);
    }

  private:
    Seq body_, shortcut_;
};

class Parser {
  public:
    Parser(const std::string &program, at::Generator &gen, torch::Device device) : gen_(gen), device_(device) {
        std::istringstream in(program);
        for (std::string t; in >> t;) tokens_.push_back(t);
    }

    Seq parse() {
        Seq seq = sequence(false);
        if (seq.empty()) throw ArgumentError("layers: the program has no layers");
        return seq;
    }

  private:
    Seq sequence(bool nested) {
        Seq seq;
        while (at_ < tokens_.size()) {
            const std::string op = tokens_[at_++];
            if (op == ")") {
                if (!nested) throw ArgumentError("layers: ')' without '('");
                return seq;
            }
            seq.push_back(layer(op));
        }
        if (nested) throw ArgumentError("layers: '(' without ')'");
        return seq;
    }

    std::unique_ptr<Node> layer(const std::string &op) {
        if (op == "conv") {
            int64_t in = num(), out = num(), k = num(), s = num(), p = num(), g = num();
            bool bias = num() != 0;
            return std::make_unique<Conv>(gen_, in, out, k, s, p, g, bias, device_);
        }
        if (op == "bn") return std::make_unique<BatchNorm>(num(), device_);
        if (op == "act") return std::make_unique<Act>(word());
        if (op == "maxpool") {
            int64_t k = num(), s = num(), p = num();
            return std::make_unique<MaxPool>(k, s, p);
        }
        if (op == "gap") return std::make_unique<GlobalAvgPool>();
        if (op == "flatten") return std::make_unique<Flatten>();
        if (op == "linear") {
            int64_t in = num(), out = num();
            return std::make_unique<Linear>(gen_, in, out, device_);
        }
        if (op == "dropout") return std::make_unique<Dropout>(std::stod(word()));
        if (op == "res") {
            open();
            Seq body = sequence(true);
            open();
            Seq shortcut = sequence(true);
            return std::make_unique<Residual>(std::move(body), std::move(shortcut));
        }
        throw ArgumentError("layers: unknown layer '" + op + "'");
    }

    std::string word() {
        if (at_ >= tokens_.size()) throw ArgumentError("layers: the program ends inside a layer");
        return tokens_[at_++];
    }
    int64_t num() {
        std::string w = word();
        try {
            size_t used = 0;
            int64_t v = std::stoll(w, &used);
            if (used == w.size()) return v;
        } catch (const std::exception &) {
        }
        throw ArgumentError("layers: '" + w + "' where a whole number belongs");
    }
    void open() {
        if (word() != "(") throw ArgumentError("layers: res must be followed by ( body ) ( shortcut )");
    }

    std::vector<std::string> tokens_;
    size_t at_ = 0;
    at::Generator &gen_;
    torch::Device device_;
};

class LayerNet : public Model {
  public:
    LayerNet(const std::string &program, int64_t seed, torch::Device device)
        : Model(device), dropout_gen_(at::detail::createCPUGenerator(static_cast<uint64_t>(seed) ^ kDropoutStream)) {
        auto init_gen = at::detail::createCPUGenerator(static_cast<uint64_t>(seed));
        layers_ = Parser(program, init_gen, device).parse();
        for (auto &n : layers_) n->collect(params_, buffers_);
    }
    torch::Tensor forward(const torch::Tensor &input) override {
        Pass pass{training_, dropout_gen_};
        return run(layers_, input, pass);
    }
    std::vector<torch::Tensor> parameters() override { return params_; }
    std::vector<torch::Tensor> buffers() override { return buffers_; }
    void train(bool on) override { training_ = on; }

  private:
    // Dropout's generator draws from a stream of its own, apart from the weights'.
    static constexpr uint64_t kDropoutStream = 0x9E3779B97F4A7C15ull;
    Seq layers_;
    std::vector<torch::Tensor> params_;
    std::vector<torch::Tensor> buffers_;
    at::Generator dropout_gen_;
    bool training_ = true;
};

} // namespace

std::shared_ptr<Model> make_layers(const std::string &program, int64_t seed, torch::Device device) {
    return std::make_shared<LayerNet>(program, seed, device);
}

} // namespace lrf
