package io.rapport.common.event;

import java.util.stream.Stream;

/** Every contract type, incoming and output, as a parameter source. */
final class ContractTypes {
    private ContractTypes() {}

    static Stream<ContractType> all() {
        return Stream.concat(Stream.of(EventType.values()), Stream.of(OutputEventType.values()));
    }
}
