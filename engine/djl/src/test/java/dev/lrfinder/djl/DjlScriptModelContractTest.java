package dev.lrfinder.djl;

import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.lrfinder.sweep.ScriptModelContract;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The TorchScript contract on the djl backend. Its state is every parameter array the trainer
 * holds (frozen ones too), then the module as libtorch saves it: its parameters and its buffers
 * (batch norm's statistics), which DJL lists nowhere else.
 */
class DjlScriptModelContractTest extends ScriptModelContract {

    DjlScriptModelContractTest() {
        super(new DjlBackend(), session -> {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            for (Pair<String, Parameter> p : ((DjlSession) session).block().getParameters()) {
                bytes.writeBytes(p.getValue().getArray().toByteArray());
            }
            try (DataOutputStream module = new DataOutputStream(bytes)) {
                ((DjlSession) session).block().saveParameters(module);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return bytes.toByteArray();
        });
    }
}
