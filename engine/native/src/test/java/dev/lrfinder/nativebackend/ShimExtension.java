package dev.lrfinder.nativebackend;

import java.lang.foreign.Arena;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * What every native test class needs, once: it loads the shim, skips the class, saying why, where
 * the shim was not built (no libtorch on the machine; the reason goes to the test report and, once
 * per JVM, to stderr), and hands a test (or its {@code @BeforeEach}) an {@link Arena} parameter:
 * a confined arena closed when the test ends, for the segments a {@link NativeData} reads in place.
 */
final class ShimExtension implements ExecutionCondition, ParameterResolver {
    private static final ExtensionContext.Namespace ARENAS = ExtensionContext.Namespace.create(ShimExtension.class);
    private static boolean told;

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        String reason = NativeShim.absentReason();
        if (reason == null) {
            return ConditionEvaluationResult.enabled("the native shim is loaded");
        }
        synchronized (ShimExtension.class) {
            if (!told) {
                told = true;
                System.err.println("SKIPPED: native shim absent, the native backend's tests do not run: " + reason);
            }
        }
        return ConditionEvaluationResult.disabled("native shim absent: " + reason);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Arena.class;
    }

    /** The store closes what it holds (an AutoCloseable) when the test's context ends. */
    @Override
    public Arena resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Arena arena = Arena.ofConfined();
        context.getStore(ARENAS).put(parameter.getDeclaringExecutable() + "#" + parameter.getIndex(), arena);
        return arena;
    }
}
