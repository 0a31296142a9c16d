package io.mihari.model.event;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Reads the fields of one JSON object as the published schema types them, naming the field (with its path) in
 * every error: required fields must be present and not null, optional ones may be absent or null, integers are
 * numbers without a fraction that fit the Java type, and a field nobody asked for is an error ({@link #noOthers}).
 * Bounds of values are the records' invariants; this class checks JSON types only.
 */
final class JsonFields {

    private static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);
    private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);

    private final JsonNode node;
    private final String path;
    private final String owner;
    private final Set<String> read = new HashSet<>();

    /**
     * @param node a JSON object
     * @param path the prefix of this object's fields in messages ({@code ""}, {@code "payload."}, …)
     * @param owner what the object is, for "… is not a field of <owner>"
     */
    JsonFields(JsonNode node, String path, String owner) {
        this.node = node;
        this.path = path;
        this.owner = owner;
    }

    String string(String field) throws InvalidEventException {
        JsonNode value = required(field);
        if (!value.isTextual()) {
            throw invalid(field, "must be a string");
        }
        return value.textValue();
    }

    String optionalString(String field) throws InvalidEventException {
        JsonNode value = optional(field);
        if (value == null) {
            return null;
        }
        if (!value.isTextual()) {
            throw invalid(field, "must be a string or null");
        }
        return value.textValue();
    }

    long integer(String field) throws InvalidEventException {
        return integral(field, required(field), Long.MIN_VALUE, Long.MAX_VALUE);
    }

    int int32(String field) throws InvalidEventException {
        return (int) integral(field, required(field), Integer.MIN_VALUE, Integer.MAX_VALUE);
    }

    Long optionalInteger(String field) throws InvalidEventException {
        JsonNode value = optional(field);
        return value == null ? null : integral(field, value, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    Integer optionalInt32(String field) throws InvalidEventException {
        JsonNode value = optional(field);
        return value == null ? null : (int) integral(field, value, Integer.MIN_VALUE, Integer.MAX_VALUE);
    }

    Boolean optionalBoolean(String field) throws InvalidEventException {
        JsonNode value = optional(field);
        if (value == null) {
            return null;
        }
        if (!value.isBoolean()) {
            throw invalid(field, "must be true, false or null");
        }
        return value.booleanValue();
    }

    double number(String field) throws InvalidEventException {
        return finite(field, required(field));
    }

    Double optionalNumber(String field) throws InvalidEventException {
        JsonNode value = optional(field);
        return value == null ? null : finite(field, value);
    }

    <E extends Enum<E>> E enumValue(String field, Class<E> type) throws InvalidEventException {
        JsonNode value = required(field);
        if (value.isTextual()) {
            for (E constant : type.getEnumConstants()) {
                if (constant.name().equals(value.textValue())) {
                    return constant;
                }
            }
        }
        List<String> names = new ArrayList<>();
        for (E constant : type.getEnumConstants()) {
            names.add(constant.name());
        }
        throw invalid(field, "must be one of " + String.join(", ", names) + ", was "
                + (value.isTextual() ? Limits.quote(value.textValue()) : "a " + value.getNodeType().name().toLowerCase()));
    }

    JsonFields object(String field, String owner) throws InvalidEventException {
        JsonNode value = required(field);
        if (!value.isObject()) {
            throw invalid(field, "must be an object");
        }
        return new JsonFields(value, path + field + ".", owner);
    }

    /** An optional array of objects; empty when absent or null. */
    List<JsonFields> optionalObjects(String field, String owner) throws InvalidEventException {
        JsonNode value = optional(field);
        if (value == null) {
            return List.of();
        }
        if (!value.isArray()) {
            throw invalid(field, "must be an array or null");
        }
        List<JsonFields> items = new ArrayList<>(value.size());
        for (int i = 0; i < value.size(); i++) {
            JsonNode item = value.get(i);
            if (!item.isObject()) {
                throw invalid(field + "[" + i + "]", "must be an object");
            }
            items.add(new JsonFields(item, path + field + "[" + i + "].", owner));
        }
        return items;
    }

    /** Fails on the first field of the object that was not read. */
    void noOthers() throws InvalidEventException {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!read.contains(name)) {
                throw new InvalidEventException(path + Limits.abbreviate(name)
                        + " is not a field of " + owner);
            }
        }
    }

    private JsonNode required(String field) throws InvalidEventException {
        read.add(field);
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new InvalidEventException(path + field + " is missing");
        }
        return value;
    }

    private JsonNode optional(String field) {
        read.add(field);
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value;
    }

    /** A JSON number without a fraction (JSON Schema's integer: {@code 10} and {@code 10.0} alike) in range. */
    private long integral(String field, JsonNode value, long min, long max) throws InvalidEventException {
        if (!value.isNumber()) {
            throw invalid(field, "must be an integer");
        }
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            return inRange(field, value.longValue(), min, max);
        }
        BigDecimal decimal = value.decimalValue();
        if (decimal.compareTo(LONG_MIN) < 0 || decimal.compareTo(LONG_MAX) > 0) {
            throw invalid(field, "is out of range");
        }
        if (decimal.signum() != 0 && decimal.stripTrailingZeros().scale() > 0) {
            throw invalid(field, "must be an integer");
        }
        return inRange(field, decimal.longValueExact(), min, max);
    }

    private long inRange(String field, long value, long min, long max) throws InvalidEventException {
        if (value < min || value > max) {
            throw invalid(field, "is out of range");
        }
        return value;
    }

    private double finite(String field, JsonNode value) throws InvalidEventException {
        if (!value.isNumber()) {
            throw invalid(field, "must be a number");
        }
        double d = value.doubleValue();
        if (!Double.isFinite(d)) {
            throw invalid(field, "is out of range");
        }
        return d;
    }

    private InvalidEventException invalid(String field, String what) {
        return new InvalidEventException(path + field + " " + what);
    }
}
