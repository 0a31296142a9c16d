package io.mihari.e2e;

import io.mihari.model.event.Topics;

import java.time.Duration;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static io.mihari.e2e.BenchIndices.awaitQuietly;
import static io.mihari.e2e.BenchReport.count;
import static io.mihari.e2e.BenchReport.seconds;

/**
 * Whether alert-service has accounted for junk sent ({@link BenchJunkSender.Tally}): the delta of
 * {@code mihari_ingest_dead_letters_total} equals, reason by reason, what was sent, and the dead-letter topic grew by
 * at least as many records (the metric counts a dead letter when it is queued; the topic holds it once it is
 * written). The metric's {@code topic} label names where the dead letters go, {@value Topics#EVENTS_DLQ}.
 */
final class BenchAccounting {

    private final BenchMetrics metrics;
    private final BenchLag kafka;

    /** Readings before a window: dead letters by reason, and the dead-letter topic's end offsets. */
    record Mark(Map<String, Long> deadLetters, long topicEnd) {
    }

    /**
     * What alert-service has done with a window's junk; {@code secondsAfterLastSent}: when everything was found
     * accounted for, after the last junk record was handed to the producer (NaN when not watched for).
     */
    record Result(Map<String, Long> counted, long written, double secondsAfterLastSent, boolean complete) {

        /** Dead letters by reason (with what was sent where it differs), the topic, and whether all is accounted. */
        String describe(BenchJunkSender.Tally tally) {
            Map<String, Long> sent = tally.byCode();
            TreeSet<String> codes = new TreeSet<>(sent.keySet());
            codes.addAll(counted.keySet());
            String reasons = codes.stream().map(code -> {
                long n = counted.getOrDefault(code, 0L);
                long s = sent.getOrDefault(code, 0L);
                return code + " " + count(n) + (n == s ? "" : " (sent " + count(s) + ")");
            }).collect(Collectors.joining(", "));
            return reasons + "; " + count(written) + " written to `" + Topics.EVENTS_DLQ + "` (sent "
                    + count(tally.acked()) + ")" + (!complete ? "; **NOT all accounted**"
                    : Double.isNaN(secondsAfterLastSent) ? "; all accounted" : "; all accounted "
                    + seconds(secondsAfterLastSent) + " after the last junk record was sent");
        }
    }

    BenchAccounting(BenchMetrics metrics, BenchLag kafka) {
        this.metrics = metrics;
        this.kafka = kafka;
    }

    Mark mark() {
        return new Mark(deadLetters(), kafka.endOffsets(Topics.EVENTS_DLQ));
    }

    /** Whether every acknowledged junk record of {@code tally} since {@code mark} is accounted for, now. */
    boolean complete(BenchJunkSender.Tally tally, Mark mark) {
        return BenchMetrics.delta(mark.deadLetters(), deadLetters()).equals(tally.byCode())
                && kafka.endOffsets(Topics.EVENTS_DLQ) - mark.topicEnd() >= tally.acked();
    }

    /** The accounting now. */
    Result result(BenchJunkSender.Tally tally, Mark mark) {
        return result(tally, mark, Double.NaN);
    }

    private Result result(BenchJunkSender.Tally tally, Mark mark, double after) {
        Map<String, Long> counted = BenchMetrics.delta(mark.deadLetters(), deadLetters());
        long written = kafka.endOffsets(Topics.EVENTS_DLQ) - mark.topicEnd();
        return new Result(counted, written, after, counted.equals(tally.byCode()) && written >= tally.acked());
    }

    /** Waits (at most {@code atMost}, polling every 100 ms) until everything is accounted for; the accounting then. */
    Result await(BenchJunkSender.Tally tally, Mark mark, Duration atMost) {
        boolean done = awaitQuietly("junk accounted", atMost, Duration.ofMillis(100), () -> complete(tally, mark));
        return result(tally, mark, done ? (System.nanoTime() - tally.lastSubmitNanos()) / 1e9 : Double.NaN);
    }

    private Map<String, Long> deadLetters() {
        return metrics.scrape().deadLetters(Topics.EVENTS_DLQ);
    }
}
