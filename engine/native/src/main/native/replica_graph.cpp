// CUDA graphs for the batched step (replicas.h): compiled with LRF_CUDA only, which
// native-scripts/build-shim sets when the torch it builds against has CUDA. Small on purpose: one
// graph per Replicas, captured on the first step, replayed on every later one. The rates, the
// active mask and Adam's bias corrections live in Replicas' coefficient tensor on the device,
// which the host rewrites before each replay; the batch is copied into the graph's static input.
#include "replicas.h"

#ifdef LRF_CUDA
#include <ATen/cuda/CUDAGraph.h>
#include <c10/cuda/CUDAGuard.h>
#include <c10/cuda/CUDAStream.h>
#endif

namespace lrf {

#ifdef LRF_CUDA
namespace {

// Warm-up steps before the capture: cuBLAS and autograd set themselves up on first use, which
// a capture must not see.
constexpr int WARM_UP_STEPS = 3;

class CapturedStep : public ReplicaGraph {
  public:
    CapturedStep(Replicas &replicas, const torch::Tensor &x, const torch::Tensor &y)
        : x_(x.clone()), y_(y.clone()) {
        std::vector<torch::Tensor> state;
        std::vector<int64_t> steps;
        {
            torch::NoGradGuard no_grad;
            for (int64_t k = 0; k < replicas.count(); k++) {
                for (const auto &t : replicas.state(k)) state.push_back(t.clone());
                steps.push_back(replicas.steps_taken(k));
            }
        }
        c10::cuda::CUDAStream side = c10::cuda::getStreamFromPool(false, x.device().index());
        torch::cuda::synchronize(x.device().index());
        {
            c10::cuda::CUDAStreamGuard on_side(side);
            for (int i = 0; i < WARM_UP_STEPS; i++) replicas.step_on(x_, y_);
        }
        torch::cuda::synchronize(x.device().index());
        {
            // The warm-up steps are undone: the capture starts from the state the caller had.
            torch::NoGradGuard no_grad;
            size_t at = 0;
            for (int64_t k = 0; k < replicas.count(); k++) {
                for (auto &t : replicas.state(k)) t.copy_(state[at++]);
                replicas.steps_taken(k) = steps[static_cast<size_t>(k)];
            }
        }
        {
            c10::cuda::CUDAStreamGuard on_side(side);
            graph_.capture_begin();
            loss_ = replicas.step_on(x_, y_);
            graph_.capture_end();
        }
        torch::cuda::synchronize(x.device().index());
    }

    torch::Tensor replay(const torch::Tensor &x, const torch::Tensor &y) override {
        x_.copy_(x);
        y_.copy_(y);
        graph_.replay();
        return loss_.clone(); // the next replay overwrites loss_
    }

  private:
    torch::Tensor x_, y_, loss_;
    at::cuda::CUDAGraph graph_;
};

} // namespace

bool cuda_graphs_built() { return true; }

std::unique_ptr<ReplicaGraph> capture_graph(Replicas &replicas, const torch::Tensor &x, const torch::Tensor &y) {
    return std::make_unique<CapturedStep>(replicas, x, y);
}
#else
bool cuda_graphs_built() { return false; }

std::unique_ptr<ReplicaGraph> capture_graph(Replicas &, const torch::Tensor &, const torch::Tensor &) {
    throw ArgumentError("cudaGraphs = on: must be off: this shim was built without CUDA (no LRF_CUDA)");
}
#endif

} // namespace lrf
