// The C ABI: handle checks, error codes and messages around the C++ in model.cpp and train.cpp.
// Every entry point runs its body inside guard(), so no exception ever reaches the caller.
#include "lrfinder_shim.h"

#include "internal.h"

#include <dlfcn.h>

#include <cmath>
#include <cstring>
#include <mutex>
#include <sstream>
#include <unordered_map>

#ifndef LRF_SHIM_VERSION
#define LRF_SHIM_VERSION "0.3.0"
#endif

struct lrf_model {
    std::shared_ptr<lrf::Model> model;
};
struct lrf_data {
    std::shared_ptr<lrf::Data> data;
};
struct lrf_trainer {
    std::shared_ptr<lrf::Trainer> trainer;
};
struct lrf_snapshot {
    std::shared_ptr<lrf::Snapshot> snapshot;
};

namespace {

thread_local std::string last_error;

// Every live handle and its kind: a call with anything else is LRF_E_HANDLE, not a wild read.
enum class Kind { Model, Data, Trainer, Snapshot };
std::mutex registry_mutex;
std::unordered_map<const void *, Kind> registry;

const char *kind_name(Kind kind) {
    switch (kind) {
    case Kind::Model: return "model";
    case Kind::Data: return "data";
    case Kind::Trainer: return "trainer";
    case Kind::Snapshot: return "snapshot";
    }
    return "?";
}

struct HandleError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

template <typename T> T *registered(T *handle, Kind kind) {
    std::lock_guard<std::mutex> lock(registry_mutex);
    auto found = registry.find(handle);
    if (handle == nullptr || found == registry.end() || found->second != kind) {
        std::ostringstream m;
        m << kind_name(kind) << " handle " << static_cast<const void *>(handle)
          << ": not a live " << kind_name(kind) << " (NULL, already freed, or not made by this library)";
        throw HandleError(m.str());
    }
    return handle;
}

template <typename T> void publish(T *handle, Kind kind, T **out) {
    std::lock_guard<std::mutex> lock(registry_mutex);
    registry.emplace(handle, kind);
    *out = handle;
}

template <typename T> void release(T *handle, Kind kind) {
    registered(handle, kind);
    {
        std::lock_guard<std::mutex> lock(registry_mutex);
        registry.erase(handle);
    }
    delete handle;
}

template <typename F> int guard(F &&body) {
    try {
        last_error.clear();
        body();
        return LRF_OK;
    } catch (const HandleError &e) {
        last_error = e.what();
        return LRF_E_HANDLE;
    } catch (const lrf::ArgumentError &e) {
        last_error = e.what();
        return LRF_E_ARGUMENT;
    } catch (const lrf::IoError &e) {
        last_error = e.what();
        return LRF_E_IO;
    } catch (const c10::Error &e) {
        last_error = e.what_without_backtrace();
        return LRF_E_TORCH;
    } catch (const std::exception &e) {
        last_error = e.what();
        return LRF_E_INTERNAL;
    } catch (...) {
        last_error = "unknown C++ exception";
        return LRF_E_INTERNAL;
    }
}

void need(const void *p, const char *name) {
    if (p == nullptr) throw lrf::ArgumentError(std::string(name) + " = NULL: must not be NULL");
}

std::string text(const char *s, const char *name) {
    need(s, name);
    return s;
}

std::vector<int64_t> dims(const int64_t *values, int32_t count, const char *name) {
    if (count < 0 || (count > 0 && values == nullptr)) {
        throw lrf::ArgumentError(std::string(name) + ": must be " + std::to_string(count) + " values");
    }
    return std::vector<int64_t>(values, values + count);
}

void once_per_process() {
    static std::once_flag flag;
    std::call_once(flag, [] {
        try {
            at::set_num_interop_threads(1);
        } catch (const c10::Error &) {
            // already set by an earlier parallel region: keep it
        }
    });
}

} // namespace

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

LRF_API int lrf_trainer_new(lrf_model *model, const char *optimizer, double momentum, double weight_decay,
                            const char *loss, int64_t seed, int32_t flags, lrf_trainer **out) {
    return guard([&] {
        need(out, "out");
        once_per_process();
        auto trainer = std::make_shared<lrf::Trainer>(registered(model, Kind::Model)->model, text(optimizer, "optimizer"),
                                                      momentum, weight_decay, text(loss, "loss"), seed,
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
