package dev.lrfinder.djl;

import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.lrfinder.sweep.ScriptModelContract;
import java.io.ByteArrayOutputStream;

/**
 * The TorchScript contract on the djl backend. Its state is every parameter, frozen ones too: DJL
 * lists no buffers of a TorchScript module (see {@link TorchScriptModels}).
 */
class DjlScriptModelContractTest extends ScriptModelContract {

    DjlScriptModelContractTest() {
        super(new DjlBackend(), session -> {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            for (Pair<String, Parameter> p : ((DjlSession) session).block().getParameters()) {
                bytes.writeBytes(p.getValue().getArray().toByteArray());
            }
            return bytes.toByteArray();
        });
    }
}
