package io.mihari.model.catalog;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The catalog's YAML as a tree, with the line and column the parser marked for every key and value, by the path the
 * problems name ({@code services[0].targets[2].host}). Built token by token instead of by Jackson's data binding,
 * which stops at the first problem and reports where its parser happened to be, not where the problem is.
 */
final class CatalogTree {

    private static final YAMLFactory FACTORY = new YAMLFactory();
    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    /** A place in the text, line and column from 1. */
    record Place(int line, int column) {
    }

    final JsonNode root;
    private final Map<String, Place> keys = new HashMap<>();
    private final Map<String, Place> values = new HashMap<>();

    private CatalogTree(JsonParser parser, List<CatalogProblem> problems) throws IOException {
        this.root = parser.nextToken() == null ? null : read(parser, "", problems);
    }

    /**
     * Parses {@code in}; a syntax error is added to {@code problems} (with the parser's problem mark) and null returned,
     * since nothing after it can be trusted. Duplicate keys are problems too (YAML would keep the later one silently).
     */
    static CatalogTree parse(InputStream in, List<CatalogProblem> problems) throws IOException {
        try (JsonParser parser = FACTORY.createParser(in)) {
            return new CatalogTree(parser, problems);
        } catch (JsonProcessingException e) {
            problems.add(syntax(e));
            return null;
        }
    }

    private JsonNode read(JsonParser p, String path, List<CatalogProblem> problems) throws IOException {
        Place place = place(p.currentTokenLocation());
        values.put(path, place);
        JsonToken token = p.currentToken();
        switch (token) {
            case START_OBJECT -> {
                ObjectNode object = NODES.objectNode();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    Place keyPlace = place(p.currentTokenLocation());
                    String childPath = path.isEmpty() ? name : path + "." + name;
                    p.nextToken();
                    boolean duplicate = object.has(name);
                    // a duplicate's own value is read under a path no problem names, so the first one's places stay
                    JsonNode value = read(p, duplicate ? childPath + "#" + keyPlace.line() : childPath, problems);
                    if (duplicate) {
                        problems.add(new CatalogProblem(keyPlace.line(), keyPlace.column(), childPath,
                                "duplicate key (the first one is on line " + keys.get(childPath).line() + ")"));
                        continue;
                    }
                    keys.put(childPath, keyPlace);
                    object.set(name, value);
                }
                return object;
            }
            case START_ARRAY -> {
                ArrayNode array = NODES.arrayNode();
                int i = 0;
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    array.add(read(p, path + "[" + i++ + "]", problems));
                }
                return array;
            }
            case VALUE_NUMBER_INT -> {
                return NODES.numberNode(p.getBigIntegerValue());
            }
            case VALUE_NUMBER_FLOAT -> {
                try {
                    return NODES.numberNode(p.getDecimalValue());
                } catch (NumberFormatException e) {
                    return NODES.textNode(p.getText()); // .inf, .nan: not numbers Mihari can use
                }
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return NODES.booleanNode(token == JsonToken.VALUE_TRUE);
            }
            case VALUE_NULL -> {
                return NODES.nullNode();
            }
            default -> {
                return NODES.textNode(p.getText());
            }
        }
    }

    /** Whether {@code path} is a key or list item of the file. */
    boolean has(String path) {
        return values.containsKey(path);
    }

    /** Where a key is written (or, for a list item, where it starts). */
    Place keyPlace(String path) {
        return keys.getOrDefault(path, values.get(path));
    }

    /**
     * Where the problem named by {@code path} is: a single value's own place, else the key or list item; for a path
     * not in the file (a missing key), the place of the nearest enclosing key or list item.
     */
    Place placeOf(String path) {
        for (String p = path; ; p = parent(p)) {
            if (values.containsKey(p)) {
                JsonNode node = at(p);
                return node != null && node.isContainerNode() ? keyPlace(p) : values.get(p);
            }
            if (p.isEmpty()) {
                return new Place(1, 1);
            }
        }
    }

    private JsonNode at(String path) {
        JsonNode node = root;
        for (String step : path.isEmpty() ? new String[0] : path.split("\\.|(?=\\[)")) {
            if (node == null) {
                return null;
            }
            node = step.startsWith("[") ? node.get(Integer.parseInt(step.substring(1, step.length() - 1)))
                    : node.get(step);
        }
        return node;
    }

    /** {@code a.b[2]} → {@code a.b}, {@code a.b} → {@code a}, {@code a} → empty. */
    static String parent(String path) {
        int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
        return cut < 0 ? "" : path.substring(0, cut);
    }

    private static Place place(JsonLocation location) {
        return location == null ? new Place(0, 0) : new Place(location.getLineNr(), location.getColumnNr());
    }

    private static CatalogProblem syntax(JsonProcessingException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MarkedYAMLException yaml && yaml.getProblemMark() != null) {
                Mark mark = yaml.getProblemMark();
                String what = yaml.getContext() == null ? yaml.getProblem()
                        : yaml.getContext() + ": " + yaml.getProblem();
                return new CatalogProblem(mark.getLine() + 1, mark.getColumn() + 1, "", "not valid YAML: " + what);
            }
        }
        Place place = place(e.getLocation());
        return new CatalogProblem(place.line(), place.column(), "", "not valid YAML: " + e.getOriginalMessage());
    }
}
