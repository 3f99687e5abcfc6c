package dev.lrfinder.nativebackend;

import dev.lrfinder.sweep.SweepSession;
import dev.lrfinder.sweep.TorchRulesContract;
import org.junit.jupiter.api.extension.ExtendWith;

/** torch.optim's rules, PyTorch's losses and gradient accumulation on the native backend (libtorch's own optimizers). */
@ExtendWith(ShimExtension.class)
class NativeTorchRulesTest extends TorchRulesContract {

    NativeTorchRulesTest() {
        super(new NativeBackend());
    }

    @Override
    protected byte[] modelState(SweepSession session) {
        return ((NativeSession) session).model().stateBytes();
    }
}
