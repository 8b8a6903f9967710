import { useEffect, useRef, useState } from "preact/hooks";

export interface Series {
  label: string;
  /** Unix seconds, ascending. */
  times: number[];
  values: number[];
  /** A step line (a price holds until it changes) rather than a straight one. */
  stepped?: boolean;
}

/**
 * A time-series line chart drawn by uPlot, imported when the chart is shown (a chunk of its own).
 * `description` is the chart's text alternative; the numbers are in a table beside it.
 */
export function TimeChart({ series, description, yLabel }: { series: Series; description: string; yLabel: string }) {
  const container = useRef<HTMLDivElement>(null);
  const [failure, setFailure] = useState<string | null>(null);
  useEffect(() => {
    let destroy = () => {};
    let cancelled = false;
    void Promise.all([import("uplot"), import("uplot/dist/uPlot.min.css")]).then(([{ default: uPlot }]) => {
      if (cancelled || !container.current) return;
      const width = Math.max(280, container.current.clientWidth);
      const plot = new uPlot(
        {
          width,
          height: 220,
          scales: { x: { time: true } },
          axes: [{}, { label: yLabel, size: 70 }],
          series: [
            {},
            { label: series.label, stroke: "#0b4f8a", width: 2, fill: "rgba(11,79,138,0.08)", paths: series.stepped ? uPlot.paths.stepped!({ align: 1 }) : undefined },
          ],
          legend: { show: true },
        },
        [series.times, series.values],
        container.current,
      );
      destroy = () => plot.destroy();
    }, (error: unknown) => setFailure(error instanceof Error ? error.message : String(error)));
    return () => {
      cancelled = true;
      destroy();
    };
  }, [series]);
  return (
    <figure class="chart">
      <div ref={container} role="img" aria-label={description} />
      {failure && <p class="error">The chart could not be drawn: {failure}</p>}
    </figure>
  );
}
