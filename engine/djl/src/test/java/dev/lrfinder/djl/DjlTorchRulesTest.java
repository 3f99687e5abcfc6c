package dev.lrfinder.djl;

import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.lrfinder.sweep.SweepSession;
import dev.lrfinder.sweep.TorchRulesContract;
import java.io.ByteArrayOutputStream;

/** torch.optim's rules, PyTorch's losses and gradient accumulation on the djl backend. */
class DjlTorchRulesTest extends TorchRulesContract {

    DjlTorchRulesTest() {
        super(new DjlBackend());
    }

    @Override
    protected byte[] modelState(SweepSession session) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (Pair<String, Parameter> p : ((DjlSession) session).block().getParameters()) {
            bytes.writeBytes(p.getValue().getArray().toByteArray());
        }
        return bytes.toByteArray();
    }
}
