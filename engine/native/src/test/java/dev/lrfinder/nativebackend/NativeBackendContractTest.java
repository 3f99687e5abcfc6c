package dev.lrfinder.nativebackend;

import dev.lrfinder.sweep.SweepBackendContract;
import dev.lrfinder.sweep.SweepSession;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The sweep contract on the native backend (the shim over the machine's libtorch), whose optimizers
 * keep the rate as a double: the grid's own value is applied.
 */
@ExtendWith(ShimExtension.class)
class NativeBackendContractTest extends SweepBackendContract {

    NativeBackendContractTest() {
        super(new NativeBackend(), lr -> lr);
    }

    @Override
    protected byte[] modelState(SweepSession session) {
        return ((NativeSession) session).model().stateBytes();
    }
}
