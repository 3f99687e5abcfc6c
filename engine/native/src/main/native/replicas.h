// K independent built-in models trained as one batched model (lrfinder_replicas.h).
#pragma once

#include "internal.h"
#include "precision.h"

namespace lrf {

class ReplicaGraph; // the captured CUDA graph of a step (replica_graph.cpp); absent in CPU builds

// K copies of a built-in MLP or CNN, each from its own seed (the same weights lrf_model_builtin
// gives that seed), stacked: weights [K, ...], products batched (baddbmm), convolutions grouped
// (groups = K). The optimizer update is written out with per-replica rates as a [K] tensor, so
// one launch serves every replica; a replica not stepped is left bit for bit.
class Replicas {
  public:
    struct Spec {
        std::string kind;
        std::vector<int64_t> widths;
        std::string activation;
        std::vector<int64_t> sample_shape;
        int64_t outputs;
        std::vector<int64_t> seeds;
        torch::Device device;
        std::string optimizer;
        double momentum;
        double weight_decay;
        std::string loss;
        Precision precision;
        bool cuda_graphs;
    };
    explicit Replicas(const Spec &spec);
    ~Replicas();

    int64_t count() const { return count_; }
    // One step of every replica k with active[k] at rate lrs[k], on rows indices[k * batch ...].
    void step(const Data &data, int64_t batch, const double *lrs, const uint8_t *active, const int64_t *indices,
              const uint8_t *flips, const int32_t *noise_offsets);
    // The queued losses, steps x replicas, oldest step first; returns the steps.
    int64_t read_losses(double *losses, int64_t capacity);
    // Replica k's parameters, then its optimizer state tensors: views into the stacks.
    std::vector<torch::Tensor> state(int64_t k);
    int64_t &steps_taken(int64_t k) { return steps_[static_cast<size_t>(k)]; }
    const std::vector<torch::Tensor> &parameters() const { return params_; }

    // What the CUDA graph replays: one step on x, y with the rates in coeffs_; the loss per replica.
    torch::Tensor step_on(const torch::Tensor &x, const torch::Tensor &y);

  private:
    torch::Tensor forward(const torch::Tensor &x);
    torch::Tensor losses(const torch::Tensor &out, const torch::Tensor &y) const;
    void update();
    void check_step(const Data &data, int64_t batch) const;

    std::string kind_;
    std::string activation_;
    int64_t count_;
    torch::Device device_;
    std::string optimizer_;
    double momentum_;
    double weight_decay_;
    Loss loss_;
    Precision precision_;
    std::vector<int64_t> sample_shape_;
    std::vector<torch::Tensor> params_;    // each [K, ...]
    std::vector<torch::Tensor> buffers_;   // momentum buffers, or Adam's first then second moments
    std::vector<int64_t> steps_;           // Adam's per-replica step counts
    torch::Tensor coeffs_;                 // [5, K] float32 on the device: see Coefficient
    std::unique_ptr<ReplicaGraph> graph_;  // with cuda_graphs, once captured
    bool cuda_graphs_;
    std::vector<torch::Tensor> pending_;   // per-step [K] losses still on the device
};

// One replica's parameters, optimizer state and step count, copied; restored in place.
class ReplicaSnapshot {
  public:
    ReplicaSnapshot(std::shared_ptr<Replicas> replicas, int64_t replica);
    void restore();

  private:
    std::shared_ptr<Replicas> replicas_;
    int64_t replica_;
    std::vector<torch::Tensor> saved_;
    int64_t steps_;
};

// Whether this build can capture CUDA graphs (compiled with LRF_CUDA).
bool cuda_graphs_built();

// A captured step: inputs copied into static tensors, the graph replayed, the loss cloned out.
class ReplicaGraph {
  public:
    virtual ~ReplicaGraph() = default;
    virtual torch::Tensor replay(const torch::Tensor &x, const torch::Tensor &y) = 0;
};
// Captures `replicas`' step on inputs shaped like x, y (after warm-up steps whose effect is undone).
std::unique_ptr<ReplicaGraph> capture_graph(Replicas &replicas, const torch::Tensor &x, const torch::Tensor &y);

} // namespace lrf
