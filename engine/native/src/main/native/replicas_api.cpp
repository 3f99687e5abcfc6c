// The C ABI of lrfinder_replicas.h around replicas.cpp and precision.cpp.
#include "lrfinder_replicas.h"

#include "handles.h"
#include "replicas.h"

#include <cstring>

struct lrf_replicas {
    std::shared_ptr<lrf::Replicas> replicas;
};
struct lrf_replica_snapshot {
    std::shared_ptr<lrf::ReplicaSnapshot> snapshot;
};

using namespace lrf::abi;

extern "C" {

LRF_API int lrf_replicas_new(const char *kind, const int64_t *widths, int32_t width_count, const char *activation,
                             const int64_t *sample_shape, int32_t sample_dims, int64_t outputs, const int64_t *seeds,
                             int32_t replicas, const char *device, const char *optimizer, double momentum,
                             double weight_decay, const char *loss, const char *precision, int32_t flags,
                             lrf_replicas **out) {
    return guard([&] {
        need(out, "out");
        once_per_process();
        torch::Device on = lrf::parse_device(device);
        lrf::Replicas::Spec spec{text(kind, "kind"),
                                 dims(widths, width_count, "widths"),
                                 text(activation, "activation"),
                                 dims(sample_shape, sample_dims, "sampleShape"),
                                 outputs,
                                 dims(seeds, replicas, "seeds"),
                                 on,
                                 text(optimizer, "optimizer"),
                                 momentum,
                                 weight_decay,
                                 text(loss, "loss"),
                                 lrf::parse_precision(text(precision, "precision"), on),
                                 (flags & LRF_REPLICAS_CUDA_GRAPHS) != 0};
        publish(new lrf_replicas{std::make_shared<lrf::Replicas>(spec)}, Kind::Replicas, out);
    });
}

LRF_API int lrf_replicas_free(lrf_replicas *replicas) {
    return guard([&] { release(replicas, Kind::Replicas); });
}

LRF_API int lrf_replicas_step(lrf_replicas *replicas, lrf_data *data, int64_t batch, const double *lrs,
                              const uint8_t *active, const int64_t *indices, const uint8_t *flips,
                              const int32_t *noise_offsets) {
    return guard([&] {
        auto &r = *registered(replicas, Kind::Replicas)->replicas;
        auto &d = *registered(data, Kind::Data)->data;
        r.step(d, batch, lrs, active, indices, flips, noise_offsets);
    });
}

LRF_API int lrf_replicas_read_losses(lrf_replicas *replicas, double *losses, int64_t capacity, int64_t *steps) {
    return guard([&] {
        auto &r = *registered(replicas, Kind::Replicas)->replicas;
        need(steps, "steps");
        *steps = r.read_losses(losses, capacity);
    });
}

LRF_API int lrf_replicas_state_bytes(lrf_replicas *replicas, int32_t replica, void *dst, int64_t capacity,
                                     int64_t *written) {
    return guard([&] {
        auto &r = *registered(replicas, Kind::Replicas)->replicas;
        need(dst, "dst");
        need(written, "written");
        auto views = r.state(replica);
        int64_t at = 0;
        for (size_t i = 0; i < r.parameters().size(); i++) {
            torch::Tensor host = views[i].to(torch::kCPU).contiguous();
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

LRF_API int lrf_replica_snapshot_take(lrf_replicas *replicas, int32_t replica, lrf_replica_snapshot **out) {
    return guard([&] {
        need(out, "out");
        auto snapshot = std::make_shared<lrf::ReplicaSnapshot>(registered(replicas, Kind::Replicas)->replicas, replica);
        publish(new lrf_replica_snapshot{std::move(snapshot)}, Kind::ReplicaSnapshot, out);
    });
}

LRF_API int lrf_replica_snapshot_restore(lrf_replica_snapshot *snapshot) {
    return guard([&] { registered(snapshot, Kind::ReplicaSnapshot)->snapshot->restore(); });
}

LRF_API int lrf_replica_snapshot_free(lrf_replica_snapshot *snapshot) {
    return guard([&] { release(snapshot, Kind::ReplicaSnapshot); });
}

LRF_API int lrf_cuda_graphs_built(int32_t *built) {
    return guard([&] {
        need(built, "built");
        *built = lrf::cuda_graphs_built() ? 1 : 0;
    });
}

LRF_API int lrf_trainer_set_precision(lrf_trainer *trainer, const char *precision) {
    return guard([&] {
        auto &t = *registered(trainer, Kind::Trainer)->trainer;
        t.set_precision(lrf::parse_precision(text(precision, "precision"), t.model()->device()));
    });
}

} // extern "C"
