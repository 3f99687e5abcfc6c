package dev.lrfinder.djl;

import dev.lrfinder.sweep.UserDataContract;

/** The user-data contract on the djl backend. */
class DjlUserDataContractTest extends UserDataContract {

    DjlUserDataContractTest() {
        super(new DjlBackend(), session -> new DjlBackendContractTest().modelState(session));
    }
}
