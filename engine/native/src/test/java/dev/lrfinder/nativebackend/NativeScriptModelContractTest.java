package dev.lrfinder.nativebackend;

import dev.lrfinder.sweep.ScriptModelContract;
import org.junit.jupiter.api.extension.ExtendWith;

/** The TorchScript contract on the native backend: parameters and buffers (batch norm's statistics) restored. */
@ExtendWith(ShimExtension.class)
class NativeScriptModelContractTest extends ScriptModelContract {

    NativeScriptModelContractTest() {
        super(new NativeBackend(), session -> ((NativeSession) session).model().stateBytes());
    }
}
