package dev.lrfinder.djl;

import dev.lrfinder.sweep.SweepSession;
import dev.lrfinder.sweep.TorchRulesContract;

/** torch.optim's rules, PyTorch's losses and gradient accumulation on the djl backend. */
class DjlTorchRulesTest extends TorchRulesContract {

    DjlTorchRulesTest() {
        super(new DjlBackend());
    }

    @Override
    protected byte[] modelState(SweepSession session) {
        return DjlBackendContractTest.parameterBytes(session);
    }
}
