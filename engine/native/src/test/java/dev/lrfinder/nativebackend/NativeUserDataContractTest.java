package dev.lrfinder.nativebackend;

import dev.lrfinder.sweep.UserDataContract;
import org.junit.jupiter.api.extension.ExtendWith;

/** The user-data contract on the native backend: the data's block is read in place, augmented batches come from Java. */
@ExtendWith(ShimExtension.class)
class NativeUserDataContractTest extends UserDataContract {

    NativeUserDataContractTest() {
        super(new NativeBackend(), session -> ((NativeSession) session).model().stateBytes());
    }
}
