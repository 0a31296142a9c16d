package io.mihari.model.availability;

import java.util.Arrays;

/**
 * Sets of half-open spans of epoch milliseconds {@code [start, end)}, held as a flat {@code long[]}
 * ({@code start0, end0, start1, end1, …}), normalised: sorted, non-empty, neither overlapping nor touching. All
 * operations are linear (or logarithmic) in the number of spans.
 */
final class Spans {

    static final long[] EMPTY = new long[0];

    private Spans() {
    }

    /** Collects spans in any order; {@link #build()} normalises them. */
    static final class Builder {
        private long[] values = new long[16];
        private int size;
        private boolean sorted = true;

        Builder add(long start, long end) {
            if (end <= start) {
                return this;
            }
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            if (size > 0 && start < values[size - 2]) {
                sorted = false;
            }
            values[size++] = start;
            values[size++] = end;
            return this;
        }

        Builder addAll(long[] spans) {
            for (int i = 0; i < spans.length; i += 2) {
                add(spans[i], spans[i + 1]);
            }
            return this;
        }

        long[] build() {
            int n = size / 2;
            long[] starts = new long[n];
            long[] ends = new long[n];
            if (sorted) {
                for (int i = 0; i < n; i++) {
                    starts[i] = values[2 * i];
                    ends[i] = values[2 * i + 1];
                }
            } else {
                Integer[] order = new Integer[n];
                for (int i = 0; i < n; i++) {
                    order[i] = i;
                }
                Arrays.sort(order, (x, y) -> Long.compare(values[2 * x], values[2 * y]));
                for (int i = 0; i < n; i++) {
                    starts[i] = values[2 * order[i]];
                    ends[i] = values[2 * order[i] + 1];
                }
            }
            long[] out = new long[size];
            int o = 0;
            for (int i = 0; i < n; i++) {
                if (o > 0 && starts[i] <= out[o - 1]) {
                    out[o - 1] = Math.max(out[o - 1], ends[i]);
                } else {
                    out[o++] = starts[i];
                    out[o++] = ends[i];
                }
            }
            return Arrays.copyOf(out, o);
        }
    }

    static long[] of(long start, long end) {
        return end > start ? new long[] {start, end} : EMPTY;
    }

    static long[] union(long[] a, long[] b) {
        return new Builder().addAll(a).addAll(b).build();
    }

    static long[] intersect(long[] a, long[] b) {
        Builder out = new Builder();
        int i = 0;
        int j = 0;
        while (i < a.length && j < b.length) {
            long start = Math.max(a[i], b[j]);
            long end = Math.min(a[i + 1], b[j + 1]);
            out.add(start, end);
            if (a[i + 1] < b[j + 1]) {
                i += 2;
            } else {
                j += 2;
            }
        }
        return out.build();
    }

    /** {@code a} without {@code b}. */
    static long[] subtract(long[] a, long[] b) {
        Builder out = new Builder();
        int j = 0;
        for (int i = 0; i < a.length; i += 2) {
            long cur = a[i];
            long end = a[i + 1];
            while (j < b.length && b[j + 1] <= cur) {
                j += 2;
            }
            int k = j;
            while (k < b.length && b[k] < end) {
                out.add(cur, b[k]);
                cur = Math.max(cur, b[k + 1]);
                if (cur >= end) {
                    break;
                }
                k += 2;
            }
            out.add(cur, end);
        }
        return out.build();
    }

    static long length(long[] spans) {
        long total = 0;
        for (int i = 0; i < spans.length; i += 2) {
            total += spans[i + 1] - spans[i];
        }
        return total;
    }

    /** The index (even) of the first span that ends after {@code at}; {@code spans.length} if none. */
    static int firstEndingAfter(long[] spans, long at) {
        int lo = 0;
        int hi = spans.length / 2;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (spans[2 * mid + 1] <= at) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return 2 * lo;
    }

    /** How much of {@code [from, to)} the spans cover. */
    static long overlap(long[] spans, long from, long to) {
        long total = 0;
        for (int i = firstEndingAfter(spans, from); i < spans.length && spans[i] < to; i += 2) {
            total += Math.min(to, spans[i + 1]) - Math.max(from, spans[i]);
        }
        return total;
    }
}
