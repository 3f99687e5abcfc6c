// The C ABI's handles, error codes and argument checks, shared by every file with extern "C" entry
// points (api.cpp, replicas_api.cpp): one registry of live handles for the whole library.
#pragma once

#include "lrfinder_shim.h"

#include "internal.h"

#include <mutex>
#include <sstream>
#include <unordered_map>

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

namespace lrf::abi {

inline thread_local std::string last_error;

// Every live handle and its kind: a call with anything else is LRF_E_HANDLE, not a wild read.
enum class Kind { Model, Data, Trainer, Snapshot, Replicas, ReplicaSnapshot };
inline std::mutex registry_mutex;
inline std::unordered_map<const void *, Kind> registry;

inline const char *kind_name(Kind kind) {
    switch (kind) {
    case Kind::Model: return "model";
    case Kind::Data: return "data";
    case Kind::Trainer: return "trainer";
    case Kind::Snapshot: return "snapshot";
    case Kind::Replicas: return "replicas";
    case Kind::ReplicaSnapshot: return "replica snapshot";
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

inline void need(const void *p, const char *name) {
    if (p == nullptr) throw lrf::ArgumentError(std::string(name) + " = NULL: must not be NULL");
}

inline std::string text(const char *s, const char *name) {
    need(s, name);
    return s;
}

inline std::vector<int64_t> dims(const int64_t *values, int32_t count, const char *name) {
    if (count < 0 || (count > 0 && values == nullptr)) {
        throw lrf::ArgumentError(std::string(name) + ": must be " + std::to_string(count) + " values");
    }
    return std::vector<int64_t>(values, values + count);
}

// Inter-op threads fixed to 1, once, before the first trainer.
inline void once_per_process() {
    static std::once_flag flag;
    std::call_once(flag, [] {
        try {
            at::set_num_interop_threads(1);
        } catch (const c10::Error &) {
            // already set by an earlier parallel region: keep it
        }
    });
}

} // namespace lrf::abi
