import * as hdr from 'hdr-histogram-js';

/** Latencies in microseconds, up to one minute, three significant digits (HdrHistogram). */
export function latencyHistogram() {
  return hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: 3 });
}

export type Histogram = ReturnType<typeof latencyHistogram>;

interface LatencySummary {
  count: number;
  p50_ms: number;
  p95_ms: number;
  p99_ms: number;
  max_ms: number;
}

const ms = (micros: number) => Math.round(micros / 10) / 100;

export function summarize(histogram: Histogram): LatencySummary {
  return {
    count: histogram.totalCount,
    p50_ms: ms(histogram.getValueAtPercentile(50)),
    p95_ms: ms(histogram.getValueAtPercentile(95)),
    p99_ms: ms(histogram.getValueAtPercentile(99)),
    max_ms: ms(histogram.maxValue),
  };
}

/** From one millisecond time to a later one, in whole microseconds (at least 1, the histogram's lowest value). */
export const microsBetween = (fromMs: number, toMs: number) => Math.max(1, Math.round((toMs - fromMs) * 1000));

export const microsSince = (startMs: number) => microsBetween(startMs, performance.now());
