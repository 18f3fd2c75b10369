'use client';
import * as Plot from '@observablehq/plot';
import { useMemo } from 'react';
import { resultToCsv } from '@/lib/explore/csv';
import { formatP, formatValue } from '@/lib/explore/format';
import type { CorrelationResult } from '@/lib/explore/results';
import { axisLabel } from '@/lib/explore/variables';
import { slideHref } from './group-view';
import { PlotFigure } from './plot-figure';
import { ExclusionNote, Unavailable } from './stat-notes';

type Point = CorrelationResult['points'][number];

function scatter(result: CorrelationResult): Plot.PlotOptions {
  return {
    width: 720,
    height: 420,
    marginLeft: 72,
    marginBottom: 44,
    x: { label: axisLabel(result.versus), grid: true, nice: true },
    y: { label: axisLabel(result.feature), grid: true, nice: true },
    marks: [
      Plot.dot(result.points, {
        x: 'x',
        y: 'y',
        r: 2.5,
        fill: '#0072b2',
        fillOpacity: 0.55,
        href: (d: Point) => slideHref(d.slideIds),
        title: (d: Point) =>
          `${d.patientId}\n${result.versus.label}: ${formatValue(d.x)}\n${result.feature.label}: ${formatValue(d.y)}\nClick to open ${d.slideIds[0]}`,
      }),
    ],
  };
}

/** Correlation: scatter of patient means with Spearman ρ and p. */
export function CorrelationView({ result }: { result: CorrelationResult }) {
  const plots = useMemo(() => [scatter(result)], [result]);
  return (
    <div className="space-y-2">
      <PlotFigure
        name={`explore-${result.feature.id}-vs-${result.versus.id}`}
        testId="correlation-plot"
        plots={plots}
        csv={() => resultToCsv(result)}
        caption="One dot per patient (mean of the patient's slides). Click a dot to open the slide."
      />
      <ExclusionNote total={result.patients} used={result.points.length} exclusions={result.exclusions} />
      {result.test.ok ? (
        <p className="text-sm" data-testid="correlation-test">
          Spearman ρ = {formatValue(result.test.rho, 2)}, p = {formatP(result.test.p)} (n = {result.test.n} patients).
        </p>
      ) : (
        <Unavailable what="Spearman correlation" reason={result.test.reason} />
      )}
    </div>
  );
}
