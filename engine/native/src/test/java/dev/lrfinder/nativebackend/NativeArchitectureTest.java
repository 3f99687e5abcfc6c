package dev.lrfinder.nativebackend;

import dev.lrfinder.sweep.ArchitectureContract;
import java.util.List;
import org.junit.jupiter.api.extension.ExtendWith;

/** The layered built-in models on the native backend; its state includes num_batches_tracked. */
@ExtendWith(ShimExtension.class)
class NativeArchitectureTest extends ArchitectureContract {

    NativeArchitectureTest() {
        super(new NativeBackend(), session -> digest(List.of(((NativeSession) session).model().stateBytes())));
    }
}
