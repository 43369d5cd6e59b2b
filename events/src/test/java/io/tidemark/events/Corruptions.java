package io.tidemark.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tidemark.events.generator.Corruption;

import java.io.IOException;
import java.io.UncheckedIOException;

/** Test access to {@link Corruption}: applies one to an event's JSON. */
final class Corruptions {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Corruptions() {
    }

    static String apply(Corruption corruption, Event event) {
        try {
            return corruption.applyTo((ObjectNode) JSON.readTree(EventJson.toBytes(event)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
