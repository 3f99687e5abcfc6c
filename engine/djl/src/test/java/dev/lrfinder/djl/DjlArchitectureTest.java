package dev.lrfinder.djl;

import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.lrfinder.sweep.ArchitectureContract;
import java.util.ArrayList;
import java.util.List;

/** The layered built-in models on the djl backend; its state includes batch norm's running statistics. */
class DjlArchitectureTest extends ArchitectureContract {

    DjlArchitectureTest() {
        super(new DjlBackend(), session -> {
            List<Parameter> parameters = new ArrayList<>();
            for (Pair<String, Parameter> p : ((DjlSession) session).block().getParameters()) {
                parameters.add(p.getValue());
            }
            return digest(() -> parameters.stream().map(p -> p.getArray().toByteArray()).iterator());
        });
    }
}
