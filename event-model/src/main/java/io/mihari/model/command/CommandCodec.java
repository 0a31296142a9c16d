package io.mihari.model.command;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;

/** JSON of {@link Command}s on {@code mihari.commands.v1}. */
public final class CommandCodec {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private CommandCodec() {
    }

    public static byte[] encode(Command command) {
        try {
            return MAPPER.writeValueAsBytes(command);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise command " + command.commandId(), e);
        }
    }

    /** @throws IllegalArgumentException naming what is wrong when the bytes are not a command */
    public static Command decode(byte[] json) {
        if (json == null || json.length == 0) {
            throw new IllegalArgumentException("empty record");
        }
        Command command;
        try {
            command = MAPPER.readValue(json, Command.class);
        } catch (IOException e) {
            String message = e.getMessage();
            int cut = message == null ? -1 : message.indexOf("\n at [Source");
            throw new IllegalArgumentException("not a command: " + (cut > 0 ? message.substring(0, cut) : message), e);
        }
        if (command == null) {
            throw new IllegalArgumentException("not a command: JSON null");
        }
        return command;
    }
}
