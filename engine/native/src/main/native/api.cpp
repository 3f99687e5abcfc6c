// The C ABI: handle checks, error codes and messages around the C++ in model.cpp and train.cpp.
// Every entry point runs its body inside guard(), so no exception ever reaches the caller.
#include "lrfinder_shim.h"

#include "handles.h"
#include "internal.h"

#include <dlfcn.h>

#include <cmath>
#include <cstring>

#ifndef LRF_SHIM_VERSION
#define LRF_SHIM_VERSION "0.5.0"
#endif

using namespace lrf::abi;

namespace lrf {
torch::Device parse_device(const char *name) {
    std::string text = name == nullptr ? "cpu" : name;
    torch::Device device(torch::kCPU);
    try {
        device = torch::Device(text);
    } catch (const c10::Error &) {
        throw ArgumentError("device = " + text + ": must be cpu, cuda or cuda:N");
    }
    if (device.is_cuda()) {
        int64_t count = static_cast<int64_t>(torch::cuda::device_count());
        int64_t index = device.has_index() ? device.index() : 0;
        if (index >= count) {
            throw ArgumentError("device = " + text + ": must be a CUDA device this libtorch sees (" +
                                std::to_string(count) + " visible" +
                                (count == 0 ? "; a CPU-only libtorch, or no GPU" : "") + ")");
        }
    } else if (!device.is_cpu()) {
        throw ArgumentError("device = " + text + ": must be cpu, cuda or cuda:N");
    }
    return device;
}
} // namespace lrf

extern "C" {

LRF_API const char *lrf_last_error(void) { return last_error.c_str(); }

LRF_API const char *lrf_version(void) { return LRF_SHIM_VERSION; }

#ifdef LRF_TORCH_BUILD_VERSION
// The same version as a tagged string in the file, which `lrfinder --version` reads without loading
// the shim (and so libtorch, some 0.2 s): NativeShim.TORCH_VERSION_TAG.
LRF_API extern const char lrf_torch_version_tag[];
__attribute__((used)) const char lrf_torch_version_tag[] = "lrfinder-shim-libtorch=" LRF_TORCH_BUILD_VERSION;
#endif

LRF_API const char *lrf_torch_version(void) {
    // The package's version when the build script knew it: Debian's 1.13.1 headers say 1.13.0.
#ifdef LRF_TORCH_BUILD_VERSION
    if (std::strcmp(LRF_TORCH_BUILD_VERSION, "unknown") != 0) return LRF_TORCH_BUILD_VERSION;
#endif
    return TORCH_VERSION;
}

LRF_API int lrf_set_threads(int32_t threads) {
    return guard([&] {
        if (threads < 1) throw lrf::ArgumentError("threads = " + std::to_string(threads) + ": must be >= 1");
        once_per_process();
        at::set_num_threads(threads);
        // libtorch sets OpenMP's and MKL's pools but not OpenBLAS's own, which would otherwise run
        // one thread per core inside every matrix product.
        using SetThreads = void (*)(int);
        if (auto set = reinterpret_cast<SetThreads>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads"))) set(threads);
    });
}

LRF_API int lrf_cuda_device_count(int32_t *count) {
    return guard([&] {
        need(count, "count");
        *count = static_cast<int32_t>(torch::cuda::device_count());
    });
}

LRF_API int lrf_model_builtin(const char *kind, const int64_t *widths, int32_t width_count, const char *activation,
                              const int64_t *sample_shape, int32_t sample_dims, int64_t outputs, int64_t seed,
                              const char *device, lrf_model **out) {
    return guard([&] {
        need(out, "out");
        auto model = lrf::make_builtin(text(kind, "kind"), dims(widths, width_count, "widths"),
                                       text(activation, "activation"), dims(sample_shape, sample_dims, "sampleShape"),
                                       outputs, seed, lrf::parse_device(device));
        publish(new lrf_model{std::move(model)}, Kind::Model, out);
    });
}

LRF_API int lrf_model_layers(const char *program, int64_t seed, const char *device, lrf_model **out) {
    return guard([&] {
        need(out, "out");
        auto model = lrf::make_layers(text(program, "program"), seed, lrf::parse_device(device));
        publish(new lrf_model{std::move(model)}, Kind::Model, out);
    });
}

LRF_API int lrf_model_load(const char *path, const char *device, lrf_model **out) {
    return guard([&] {
        need(out, "out");
        auto model = lrf::load_script(text(path, "path"), lrf::parse_device(device));
        publish(new lrf_model{std::move(model)}, Kind::Model, out);
    });
}

LRF_API int lrf_model_free(lrf_model *model) {
    return guard([&] { release(model, Kind::Model); });
}

LRF_API int lrf_model_parameter_info(lrf_model *model, int64_t *tensors, int64_t *bytes, int64_t *state_bytes) {
    return guard([&] {
        auto &m = *registered(model, Kind::Model)->model;
        need(tensors, "tensors");
        need(bytes, "bytes");
        need(state_bytes, "stateBytes");
        auto params = m.parameters();
        *tensors = static_cast<int64_t>(params.size());
        *bytes = 0;
        for (const auto &p : params) *bytes += p.numel() * static_cast<int64_t>(p.element_size());
        *state_bytes = *bytes;
        for (const auto &b : m.buffers()) *state_bytes += b.numel() * static_cast<int64_t>(b.element_size());
    });
}

LRF_API int lrf_model_state_bytes(lrf_model *model, void *dst, int64_t capacity, int64_t *written) {
    return guard([&] {
        auto &m = *registered(model, Kind::Model)->model;
        need(dst, "dst");
        need(written, "written");
        std::vector<torch::Tensor> all = m.parameters();
        for (const auto &b : m.buffers()) all.push_back(b);
        int64_t at = 0;
        for (const auto &t : all) {
            torch::Tensor host = t.detach().to(torch::kCPU).contiguous();
            int64_t n = host.numel() * static_cast<int64_t>(host.element_size());
            if (at + n > capacity) {
                throw lrf::ArgumentError("capacity = " + std::to_string(capacity) + ": must be at least the state's size");
            }
            std::memcpy(static_cast<char *>(dst) + at, host.data_ptr(), static_cast<size_t>(n));
            at += n;
        }
        *written = at;
    });
}

LRF_API int lrf_model_forward(lrf_model *model, const float *input, const int64_t *shape, int32_t shape_dims,
                              float *output, int64_t output_capacity, int64_t *output_count) {
    return guard([&] {
        auto &m = *registered(model, Kind::Model)->model;
        need(input, "input");
        need(output, "output");
        need(output_count, "outputCount");
        torch::NoGradGuard no_grad;
        torch::Tensor x = torch::from_blob(const_cast<float *>(input), dims(shape, shape_dims, "shape"),
                                           torch::TensorOptions().dtype(torch::kFloat32))
                              .to(m.device());
        torch::Tensor y = m.forward(x).to(torch::kCPU, torch::kFloat32).contiguous();
        if (y.numel() > output_capacity) {
            throw lrf::ArgumentError("outputCapacity = " + std::to_string(output_capacity) + ": must be at least " +
                                     std::to_string(y.numel()));
        }
        std::memcpy(output, y.data_ptr<float>(), static_cast<size_t>(y.numel()) * sizeof(float));
        *output_count = y.numel();
    });
}

LRF_API int lrf_model_probe(lrf_model *model, const int64_t *shape, int32_t shape_dims, int64_t *output_shape,
                            int32_t capacity, int32_t *output_dims, int32_t *scalar_type, int32_t *requires_grad) {
    return guard([&] {
        auto &m = *registered(model, Kind::Model)->model;
        need(output_shape, "outputShape");
        need(output_dims, "outputDims");
        need(scalar_type, "scalarType");
        need(requires_grad, "requiresGrad");
        // With gradients, as a training step runs it: only then does the output say whether the loss
        // can reach the parameters (a forward ending in .detach() or under no_grad cuts it off).
        torch::AutoGradMode grad(true);
        torch::Tensor x = torch::zeros(dims(shape, shape_dims, "shape"),
                                       torch::TensorOptions().dtype(torch::kFloat32).device(m.device()));
        torch::Tensor y = m.forward(x);
        if (y.dim() > capacity) {
            throw lrf::ArgumentError("capacity = " + std::to_string(capacity) + ": must be at least " +
                                     std::to_string(y.dim()));
        }
        for (int64_t i = 0; i < y.dim(); i++) output_shape[i] = y.size(i);
        *output_dims = static_cast<int32_t>(y.dim());
        *scalar_type = static_cast<int32_t>(y.scalar_type());
        *requires_grad = y.requires_grad() ? 1 : 0;
    });
}

LRF_API int lrf_data_new(const float *features, const float *targets, int64_t samples, const int64_t *sample_shape,
                         int32_t sample_dims, const float *noise_table, int64_t table_length, float augment_noise,
                         const char *device, lrf_data **out) {
    return guard([&] {
        need(out, "out");
        auto data = std::make_shared<lrf::Data>(features, targets, samples, dims(sample_shape, sample_dims, "sampleShape"),
                                                noise_table, table_length, augment_noise, lrf::parse_device(device));
        publish(new lrf_data{std::move(data)}, Kind::Data, out);
    });
}

LRF_API int lrf_data_free(lrf_data *data) {
    return guard([&] { release(data, Kind::Data); });
}

LRF_API int lrf_data_batch(lrf_data *data, int64_t batch, const int64_t *indices, const uint8_t *flips,
                           const int32_t *noise_offsets, float *features, float *targets) {
    return guard([&] {
        auto &d = *registered(data, Kind::Data)->data;
        need(features, "features");
        need(targets, "targets");
        auto xy = d.batch(batch, indices, flips, noise_offsets, false);
        torch::Tensor x = xy.first.to(torch::kCPU).contiguous();
        torch::Tensor y = xy.second.to(torch::kCPU).contiguous();
        std::memcpy(features, x.data_ptr<float>(), static_cast<size_t>(x.numel()) * sizeof(float));
        std::memcpy(targets, y.data_ptr<float>(), static_cast<size_t>(y.numel()) * sizeof(float));
    });
}

LRF_API int lrf_trainer_new(lrf_model *model, const lrf_optimizer_options *optimizer, const lrf_loss_options *loss,
                            int64_t accumulate, int64_t seed, int32_t flags, lrf_trainer **out) {
    return guard([&] {
        need(out, "out");
        need(optimizer, "optimizer");
        need(loss, "loss");
        once_per_process();
        lrf::OptimizerOptions o{text(optimizer->kind, "optimizer"), optimizer->momentum, optimizer->dampening,
                                optimizer->weight_decay, optimizer->beta1, optimizer->beta2, optimizer->eps,
                                optimizer->alpha, optimizer->nesterov != 0, optimizer->centered != 0};
        lrf::LossOptions l{text(loss->name, "loss"), loss->label_smoothing, loss->huber_delta};
        auto trainer = std::make_shared<lrf::Trainer>(registered(model, Kind::Model)->model, o, l, accumulate, seed,
                                                      (flags & LRF_TRAINER_AUTOGRAD) != 0);
        publish(new lrf_trainer{std::move(trainer)}, Kind::Trainer, out);
    });
}

LRF_API int lrf_trainer_free(lrf_trainer *trainer) {
    return guard([&] { release(trainer, Kind::Trainer); });
}

LRF_API int lrf_trainer_step(lrf_trainer *trainer, lrf_data *data, int64_t batch, double lr, const int64_t *indices,
                             const uint8_t *flips, const int32_t *noise_offsets) {
    return guard([&] {
        auto &t = *registered(trainer, Kind::Trainer)->trainer;
        auto &d = *registered(data, Kind::Data)->data;
        if (!(lr >= 0) || !std::isfinite(lr)) throw lrf::ArgumentError("lr = " + std::to_string(lr) + ": must be >= 0");
        t.step(d, batch, lr, indices, flips, noise_offsets);
    });
}

LRF_API int lrf_trainer_step_host(lrf_trainer *trainer, lrf_data *data, int64_t batch, double lr,
                                  const float *features, const float *targets) {
    return guard([&] {
        auto &t = *registered(trainer, Kind::Trainer)->trainer;
        auto &d = *registered(data, Kind::Data)->data;
        if (!(lr >= 0) || !std::isfinite(lr)) throw lrf::ArgumentError("lr = " + std::to_string(lr) + ": must be >= 0");
        t.step_host(d, batch, lr, features, targets);
    });
}

LRF_API int lrf_trainer_evaluate(lrf_trainer *trainer, lrf_data *data, int64_t rows, const int64_t *indices,
                                 int64_t batch_size, double *loss) {
    return guard([&] {
        auto &t = *registered(trainer, Kind::Trainer)->trainer;
        auto &d = *registered(data, Kind::Data)->data;
        need(indices, "indices");
        need(loss, "loss");
        *loss = t.evaluate(d, rows, indices, batch_size);
    });
}

LRF_API int lrf_trainer_set_momentum(lrf_trainer *trainer, double momentum) {
    return guard([&] { registered(trainer, Kind::Trainer)->trainer->set_momentum(momentum); });
}

LRF_API int lrf_trainer_read_losses(lrf_trainer *trainer, double *losses, int64_t capacity, int64_t *count) {
    return guard([&] {
        auto &t = *registered(trainer, Kind::Trainer)->trainer;
        need(count, "count");
        *count = t.read_losses(losses, capacity);
    });
}

LRF_API int lrf_snapshot_take(lrf_trainer *trainer, lrf_snapshot **out) {
    return guard([&] {
        need(out, "out");
        auto snapshot = std::make_shared<lrf::Snapshot>(*registered(trainer, Kind::Trainer)->trainer);
        publish(new lrf_snapshot{std::move(snapshot)}, Kind::Snapshot, out);
    });
}

LRF_API int lrf_snapshot_restore(lrf_snapshot *snapshot) {
    return guard([&] { registered(snapshot, Kind::Snapshot)->snapshot->restore(); });
}

LRF_API int lrf_snapshot_free(lrf_snapshot *snapshot) {
    return guard([&] { release(snapshot, Kind::Snapshot); });
}

} // extern "C"
