package io.mihari.dashboard.api;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import java.util.stream.Collectors;

/** The {@code detail} of a 400 for a request body that is not the JSON asked for: what and where, never a trace. */
final class JsonProblems {

    private JsonProblems() {
    }

    static String describe(JsonProcessingException e) {
        String field = e instanceof JsonMappingException m ? path(m) : "";
        if (e instanceof UnrecognizedPropertyException u) {
            return "unknown field '" + (field.isEmpty() ? u.getPropertyName() : field) + "'";
        }
        if (e instanceof InvalidFormatException f) {
            return "field '" + field + "': '" + f.getValue() + "' is not a valid " + f.getTargetType().getSimpleName();
        }
        if (e instanceof MismatchedInputException && !field.isEmpty()) {
            return "field '" + field + "' has the wrong type";
        }
        JsonLocation at = e.getLocation();
        String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        String what = e.getOriginalMessage() == null ? "" : ": " + e.getOriginalMessage().lines().findFirst().orElse("");
        return "the body is not valid JSON" + where + what;
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }
}
