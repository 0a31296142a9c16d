package io.mihari.alert.detect;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.io.UncheckedIOException;

/** JSON of {@link Signal}s on the internal topic. */
public final class SignalCodec {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private SignalCodec() {
    }

    public static byte[] encode(Signal signal) {
        try {
            return JSON.writeValueAsBytes(signal);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @throws IllegalArgumentException when the bytes are not a signal */
    public static Signal decode(byte[] bytes) {
        try {
            return JSON.readValue(bytes, Signal.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a signal: " + e.getMessage(), e);
        }
    }
}
