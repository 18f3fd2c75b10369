'use client';
import * as Plot from '@observablehq/plot';
import { useMemo } from 'react';
import { resultToCsv } from '@/lib/explore/csv';
import { formatP, formatValue } from '@/lib/explore/format';
import { GROUP_COLORS, jitter } from '@/lib/explore/plot-data';
import type { GroupsResult } from '@/lib/explore/results';
import { axisLabel } from '@/lib/explore/variables';
import { PlotFigure } from './plot-figure';
import { ExclusionNote, Unavailable } from './stat-notes';

/** Viewer address of a patient's first slide. */
export function slideHref(slideIds: readonly string[]): string {
  return `/slides/${encodeURIComponent(slideIds[0] ?? '')}`;
}

function boxPlot(result: GroupsResult): Plot.PlotOptions {
  const boxes = result.groups.map((g, i) => ({ ...g, i })).filter((g) => g.median !== null);
  const points = result.groups.flatMap((g, i) => g.points.map((p) => ({ ...p, i, level: g.level })));
  const unit = result.feature.unit ? ` ${result.feature.unit}` : '';
  return {
    width: 720,
    height: 400,
    marginLeft: 72,
    marginBottom: 48,
    x: {
      domain: [-0.6, result.groups.length - 0.4],
      ticks: result.groups.map((_, i) => i),
      tickFormat: (i: number) => `${result.groups[i]?.level ?? ''}\nn = ${result.groups[i]?.n ?? 0}`,
      label: `${result.groupBy.label} (n = patients)`,
      labelAnchor: 'center',
    },
    y: { label: axisLabel(result.feature), grid: true, nice: true },
    marks: [
      Plot.ruleX(boxes, { x: 'i', y1: 'whiskerLow', y2: 'whiskerHigh', stroke: '#475569' }),
      Plot.rect(boxes, {
        x1: (d: { i: number }) => d.i - 0.3,
        x2: (d: { i: number }) => d.i + 0.3,
        y1: 'q1',
        y2: 'q3',
        fill: '#f1f5f9',
        stroke: '#475569',
      }),
      Plot.dot(points, {
        x: (d: { i: number; patientId: string }) => d.i + jitter(d.patientId, 0.45),
        y: 'value',
        r: 2.5,
        fill: (d: { i: number }) => GROUP_COLORS[d.i % GROUP_COLORS.length],
        fillOpacity: 0.55,
        href: (d: { slideIds: string[] }) => slideHref(d.slideIds),
        title: (d: { patientId: string; slideIds: string[]; value: number; level: string }) =>
          `${d.patientId} (${d.level})\n${formatValue(d.value)}${unit} — mean of ${d.slideIds.length} slide(s)\nClick to open ${d.slideIds[0]}`,
      }),
      Plot.link(boxes, {
        x1: (d: { i: number }) => d.i - 0.3,
        x2: (d: { i: number }) => d.i + 0.3,
        y1: 'median',
        y2: 'median',
        stroke: '#0f172a',
        strokeWidth: 2.5,
      }),
    ],
  };
}

/** Group comparison: box + strip plot per level, n / median / IQR table and the rank test with its effect size. */
export function GroupView({ result }: { result: GroupsResult }) {
  const plots = useMemo(() => [boxPlot(result)], [result]);
  const used = result.groups.reduce((sum, g) => sum + g.n, 0);
  const test = result.test;
  return (
    <div className="space-y-2">
      <PlotFigure
        name={`explore-${result.feature.id}-by-${result.groupBy.id}`}
        testId="group-plot"
        plots={plots}
        csv={() => resultToCsv(result)}
        caption="Box: median and IQR; whiskers: 1.5 IQR; one dot per patient (mean of the patient's slides). Click a dot to open the slide."
      />
      <ExclusionNote total={result.patients} used={used} exclusions={result.exclusions} />
      <table className="text-xs" data-testid="group-table">
        <thead className="text-left text-slate-500">
          <tr>
            <th className="pr-4">{result.groupBy.label}</th>
            <th className="pr-4 text-right">Patients</th>
            <th className="pr-4 text-right">Median</th>
            <th className="pr-4 text-right">IQR (Q1–Q3)</th>
          </tr>
        </thead>
        <tbody>
          {result.groups.map((g) => (
            <tr key={g.level} data-level={g.level}>
              <td className="pr-4">{g.level}</td>
              <td className="pr-4 text-right" data-testid={`group-n-${g.level}`}>
                {g.n}
              </td>
              <td className="pr-4 text-right">{formatValue(g.median)}</td>
              <td className="pr-4 text-right">
                {g.q1 === null ? '—' : `${formatValue(g.q1)} – ${formatValue(g.q3)}`} {result.feature.unit}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {test.ok ? (
        <p className="text-sm" data-testid="group-test">
          {test.method === 'mann-whitney' ? (
            <>
              Mann–Whitney U = {formatValue(test.u, 4)}, p = {formatP(test.p)}; rank-biserial r ={' '}
              {formatValue(test.rankBiserial, 2)} (P({test.x} &gt; {test.y}) ={' '}
              {formatValue(test.probabilityXGreater, 2)}).
            </>
          ) : (
            <>
              Kruskal–Wallis H = {formatValue(test.h, 4)}, df = {test.df}, p = {formatP(test.p)}; ε² ={' '}
              {formatValue(test.epsilonSquared, 2)}.
            </>
          )}
        </p>
      ) : (
        <Unavailable what="Group test" reason={test.reason} />
      )}
    </div>
  );
}
