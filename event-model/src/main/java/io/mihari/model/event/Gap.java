package io.mihari.model.event;

/**
 * The agent could not keep some events (its spool was full): sent as soon as possible so the loss
 * is visible and counted, never silent.
 *
 * @param droppedEvents how many events were lost
 * @param firstSeq sequence number of the first lost event
 * @param lastSeq sequence number of the last lost event
 * @param reason why, e.g. {@code spool full (64 MiB), oldest dropped}
 */
public record Gap(long droppedEvents, long firstSeq, long lastSeq, String reason) implements Payload {
    public Gap {
        if (droppedEvents < 1) {
            throw new IllegalArgumentException("payload.droppedEvents must be at least 1");
        }
        Limits.notNegative("payload.droppedEvents", droppedEvents);
        Limits.notNegative("payload.firstSeq", firstSeq);
        Limits.notNegative("payload.lastSeq", lastSeq);
        if (firstSeq > lastSeq) {
            throw new IllegalArgumentException("payload.firstSeq must not be after payload.lastSeq");
        }
        Limits.text("payload.reason", reason, Limits.MESSAGE);
    }
}
