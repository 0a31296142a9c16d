package io.mihari.model.catalog;

import com.fasterxml.jackson.databind.JsonNode;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Binds a {@link CatalogTree} to the catalog's records (its YAML shape) and goes on after a problem: an unknown key is
 * reported and left out, a value of the wrong kind is reported and taken as absent, a record whose constructor
 * refuses its values ({@code name: {ja: 倉敷市}}) is reported and taken as absent. Every problem carries its line and
 * column; the keys of values taken as absent are remembered so the rules that run afterwards do not report them again
 * as missing. A {@link JsonNode} component takes the value as written (a key that may be a word or a mapping, such as
 * a batch job's {@code on:}); the rules read it.
 */
final class CatalogBinder {

    private final CatalogTree tree;
    private final List<CatalogProblem> problems;
    private final Set<String> dropped = new HashSet<>();

    CatalogBinder(CatalogTree tree, List<CatalogProblem> problems) {
        this.tree = tree;
        this.problems = problems;
    }

    /** The keys whose values were taken as absent because of a problem already reported. */
    Set<String> dropped() {
        return dropped;
    }

    <T> T bind(Class<T> type) {
        if (!tree.root.isObject()) {
            fail("", "the catalog must be a mapping with tenants, systems, vendors and services, not "
                    + kind(tree.root));
            return null;
        }
        return type.cast(value(tree.root, type, ""));
    }

    private Object value(JsonNode node, Type type, String path) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (type instanceof ParameterizedType list && list.getRawType() == List.class) {
            return list(node, list.getActualTypeArguments()[0], path);
        }
        Class<?> raw = (Class<?>) type;
        if (raw == JsonNode.class) {
            return node; // a value of more than one shape, read by the catalog's rules
        }
        if (raw.isRecord()) {
            return record(node, raw, path);
        }
        if (node.isContainerNode()) {
            return fail(path, "must be " + expected(raw) + ", not " + kind(node));
        }
        String text = node.asText();
        if (raw == String.class) {
            return text;
        }
        if (raw == Boolean.class) {
            return switch (node.isBoolean() ? text : text.trim().toLowerCase(Locale.ROOT)) {
                case "true" -> Boolean.TRUE;
                case "false" -> Boolean.FALSE;
                default -> fail(path, "must be true or false, was '" + text + "'");
            };
        }
        if (raw == Language.class) {
            try {
                return Language.parse(text);
            } catch (IllegalArgumentException e) {
                return fail(path, e.getMessage());
            }
        }
        BigDecimal number;
        try {
            number = node.isNumber() ? node.decimalValue() : new BigDecimal(text.trim());
        } catch (NumberFormatException e) {
            return fail(path, "must be " + expected(raw) + ", was '" + text + "'");
        }
        if (raw == BigDecimal.class) {
            return number;
        }
        if (raw == Double.class) {
            return number.doubleValue();
        }
        if (raw == Integer.class || raw == Long.class) {
            try {
                return raw == Integer.class ? (Object) number.intValueExact() : (Object) number.longValueExact();
            } catch (ArithmeticException e) {
                return fail(path, "must be " + expected(raw) + ", was '" + text + "'");
            }
        }
        throw new IllegalStateException("the catalog binder does not know " + raw);
    }

    private List<Object> list(JsonNode node, Type element, String path) {
        if (!node.isArray()) {
            fail(path, "must be a list, not " + kind(node));
            return null;
        }
        List<Object> list = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            String at = path + "[" + i + "]";
            if (node.get(i).isNull() && element instanceof Class<?> c && c.isRecord()) {
                list.add(fail(at, "is empty"));
            } else {
                list.add(value(node.get(i), element, at));
            }
        }
        return list;
    }

    private Object record(JsonNode node, Class<?> type, String path) {
        if (!node.isObject()) {
            return fail(path, "must be a mapping (key: value), not " + kind(node));
        }
        RecordComponent[] components = type.getRecordComponents();
        Set<String> known = Arrays.stream(components).map(RecordComponent::getName)
                .collect(Collectors.toCollection(java.util.LinkedHashSet::new));
        node.fieldNames().forEachRemaining(name -> {
            if (!known.contains(name)) {
                String key = path.isEmpty() ? name : path + "." + name;
                CatalogTree.Place place = tree.keyPlace(key);
                problems.add(new CatalogProblem(place.line(), place.column(), key,
                        "unknown key (known keys: " + String.join(", ", known) + ")"));
            }
        });
        int before = problems.size();
        Object[] args = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            String key = path.isEmpty() ? components[i].getName() : path + "." + components[i].getName();
            args[i] = value(node.get(components[i].getName()), components[i].getGenericType(), key);
            types[i] = components[i].getType();
        }
        try {
            Constructor<?> canonical = type.getDeclaredConstructor(types);
            canonical.setAccessible(true);
            return canonical.newInstance(args);
        } catch (InvocationTargetException e) {
            // a value already reported often makes the constructor refuse too; once is enough
            return problems.size() > before ? drop(path) : fail(path, e.getCause().getMessage());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot make a " + type.getSimpleName(), e);
        }
    }

    private Object fail(String path, String message) {
        CatalogTree.Place place = tree.placeOf(path);
        problems.add(new CatalogProblem(place.line(), place.column(), path, message));
        return drop(path);
    }

    private Object drop(String path) {
        dropped.add(path);
        return null;
    }

    private static String expected(Class<?> type) {
        if (type == Integer.class || type == Long.class) {
            return "a whole number";
        }
        if (type == Double.class || type == BigDecimal.class) {
            return "a number";
        }
        return type == Boolean.class ? "true or false" : "a single value";
    }

    private static String kind(JsonNode node) {
        return node.isObject() ? "a mapping" : node.isArray() ? "a list" : "'" + node.asText() + "'";
    }
}
