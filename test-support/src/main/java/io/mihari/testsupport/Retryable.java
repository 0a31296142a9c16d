package io.mihari.testsupport;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * Reading something that may not be there yet, inside Awaitility's {@code untilAsserted}. Awaitility tries
 * again only after an {@link AssertionError}; any other exception ends the wait at once — a
 * {@code DateTimeParseException} from an instant not stored yet ({@code Text 'null'}), a
 * {@code NullPointerException} from an array element not written yet ({@code JsonNode.get(i)} is null), an
 * {@code IOException} or {@code ExecutionException} of one request. These methods turn such a moment into an
 * AssertionError that says what is missing (and keeps the cause), so the wait goes on until its bound. They
 * assert nothing less: a value that never comes still fails the test, with a clearer message.
 */
public final class Retryable {

    private static final int SHOWN = 300;

    private Retryable() {
    }

    /** The ISO-8601 instant in {@code node}; an AssertionError while it is missing, null or not an instant. */
    public static Instant instant(JsonNode node) {
        if (node == null || !node.isTextual()) {
            throw new AssertionError("expected an instant, found " + describe(node));
        }
        try {
            return Instant.parse(node.asText());
        } catch (DateTimeParseException e) {
            throw new AssertionError("expected an instant, found " + describe(node), e);
        }
    }

    /** Element {@code index} of the array {@code node}; an AssertionError while the array has no such element. */
    public static JsonNode element(JsonNode node, int index) {
        if (node == null || !node.isArray() || node.size() <= index) {
            throw new AssertionError("expected an array with element " + index + ", found " + describe(node));
        }
        return node.get(index);
    }

    /**
     * The result of {@code call}, one request to a real server: its I/O failing ({@link IOException}, a Kafka
     * future's {@link ExecutionException} or {@link TimeoutException}) is an AssertionError with the cause, so a
     * wait tries the request again. Other exceptions pass unchanged.
     */
    public static <T> T io(Callable<T> call) {
        try {
            return call.call();
        } catch (IOException | UncheckedIOException | ExecutionException | TimeoutException e) {
            throw new AssertionError("request failed (" + e + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // Awaitility interrupts a condition that outlived its bound
            throw new IllegalStateException("interrupted", e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String describe(JsonNode node) {
        if (node == null) {
            return "nothing (null)";
        }
        if (node.isMissingNode()) {
            return "no such field";
        }
        String text = node.toString();
        return text.length() <= SHOWN ? text : text.substring(0, SHOWN) + "…";
    }
}
