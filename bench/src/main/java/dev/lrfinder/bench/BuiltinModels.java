package dev.lrfinder.bench;

import dev.lrfinder.task.ModelSpec;

/** The models the sweep benchmarks name in their {@code @Param}s. */
final class BuiltinModels {
    private BuiltinModels() {}

    /** {@code mlp256} and {@code mlp1024} (two hidden layers of that width) or {@code cnn} (16,32 filters). */
    static ModelSpec byName(String name) {
        return switch (name) {
            case "mlp256" -> ModelSpec.mlp(256, 256);
            case "mlp1024" -> ModelSpec.mlp(1024, 1024);
            case "cnn" -> ModelSpec.defaults(ModelSpec.Kind.CNN);
            default -> throw new IllegalArgumentException("model = " + name + ": must be mlp256, mlp1024 or cnn");
        };
    }
}
