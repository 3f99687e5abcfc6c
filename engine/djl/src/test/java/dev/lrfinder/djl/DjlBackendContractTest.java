package dev.lrfinder.djl;

import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.lrfinder.sweep.SweepBackendContract;
import dev.lrfinder.sweep.SweepSession;
import java.io.ByteArrayOutputStream;

/** The sweep contract on the djl backend (DJL's libtorch 2.7.1), whose optimizers take the rate as a float32. */
class DjlBackendContractTest extends SweepBackendContract {

    DjlBackendContractTest() {
        super(new DjlBackend(), lr -> (float) lr);
    }

    @Override
    protected byte[] modelState(SweepSession session) {
        return parameterBytes(session);
    }

    /** Every parameter of a djl session's block, in the block's order, as raw bytes. */
    static byte[] parameterBytes(SweepSession session) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (Pair<String, Parameter> p : ((DjlSession) session).block().getParameters()) {
            bytes.writeBytes(p.getValue().getArray().toByteArray());
        }
        return bytes.toByteArray();
    }
}
