'use client';
import * as Plot from '@observablehq/plot';
import { useMemo } from 'react';
import { resultToCsv } from '@/lib/explore/csv';
import { formatP, formatValue } from '@/lib/explore/format';
import { GROUP_COLORS, toKmPaths } from '@/lib/explore/plot-data';
import type { SurvivalCurve, SurvivalResult } from '@/lib/explore/results';
import { PlotFigure } from './plot-figure';
import { ExclusionNote, Unavailable } from './stat-notes';
import { CoxTable } from './cox-table';

const MARGIN_LEFT = 170;
const MARGIN_RIGHT = 24;

function survivalPlots(
  result: SurvivalResult,
  curves: readonly SurvivalCurve[],
  times: readonly number[],
  atRisk: readonly (readonly number[])[],
): Plot.PlotOptions[] {
  const labels = curves.map((c) => c.label);
  const color = { domain: labels, range: GROUP_COLORS.slice(0, Math.max(1, labels.length)) as string[] };
  const lastTime = Math.max(...curves.flatMap((c) => c.steps.map((s) => s.time)), 0);
  const domain = [0, Math.max(lastTime, times[times.length - 1] ?? 1)];
  const { path, censored } = toKmPaths(curves);
  const km: Plot.PlotOptions = {
    width: 760,
    height: 360,
    marginLeft: MARGIN_LEFT,
    marginRight: MARGIN_RIGHT,
    marginBottom: 40,
    color,
    x: { domain, ticks: [...times], label: 'Months since diagnosis', labelAnchor: 'center' },
    y: { domain: [0, 1], grid: true, label: `${result.endpoint.label} probability` },
    marks: [
      Plot.line(path, { x: 'time', y: 'survival', z: 'group', stroke: 'group', curve: 'step-after', strokeWidth: 2 }),
      Plot.dot(censored, { x: 'time', y: 'survival', stroke: 'group', symbol: 'plus', r: 3 }),
    ],
  };
  const cells = curves.flatMap((c, g) => times.map((t, i) => ({ group: c.label, time: t, n: atRisk[g]?.[i] ?? 0 })));
  const table: Plot.PlotOptions = {
    width: 760,
    height: 34 + 20 * labels.length,
    marginLeft: MARGIN_LEFT,
    marginRight: MARGIN_RIGHT,
    marginTop: 24,
    marginBottom: 10,
    color,
    x: { domain, axis: null },
    y: { domain: labels, label: 'Number at risk', tickSize: 0, tickPadding: 24, labelAnchor: 'top' },
    marks: [Plot.text(cells, { x: 'time', y: 'group', text: 'n', fill: 'group', fontWeight: 600 })],
  };
  return [km, table];
}

/** Survival: Kaplan–Meier curves with numbers at risk, log-rank test and univariable Cox model. */
export function SurvivalView({ result }: { result: SurvivalResult }) {
  const curves = result.curves;
  const plots = useMemo(
    () => (curves.ok ? survivalPlots(result, curves.curves, curves.atRiskTimes, curves.atRisk) : []),
    [result, curves],
  );
  return (
    <div className="space-y-2">
      {result.warning && (
        <p className="rounded border border-amber-300 bg-amber-50 px-2 py-1 text-sm" data-testid="cutpoint-warning">
          ⚠ {result.warning}
        </p>
      )}
      {curves.ok ? (
        <>
          <PlotFigure
            name={`explore-${result.endpoint.id}-by-${result.splitBy.id}`}
            testId="survival-plot"
            plots={plots}
            csv={() => resultToCsv(result)}
            caption="Kaplan–Meier estimates per patient group; + = censored. Numbers at risk at each tick below."
          />
          <ul className="flex flex-wrap gap-4 text-xs" data-testid="km-legend">
            {curves.curves.map((c, i) => (
              <li key={c.label} data-group={c.label}>
                <span className="mr-1 inline-block h-2 w-4 align-middle" style={{ background: GROUP_COLORS[i] }} />
                {c.label}: {c.n} patients, {c.events} events, median{' '}
                {c.medianMonths === null ? 'not reached' : `${formatValue(c.medianMonths)} months`}
              </li>
            ))}
          </ul>
        </>
      ) : (
        <Unavailable what="Kaplan–Meier curves" reason={curves.reason} />
      )}
      <ExclusionNote total={result.patients} used={result.points.length} exclusions={result.exclusions} />
      {result.logRank.ok ? (
        <p className="text-sm" data-testid="logrank">
          Log-rank χ² = {formatValue(result.logRank.chiSquare, 3)}, df = {result.logRank.df}, p ={' '}
          {formatP(result.logRank.p)}.
        </p>
      ) : (
        <Unavailable what="Log-rank test" reason={result.logRank.reason} />
      )}
      <CoxTable cox={result.cox} splitBy={result.splitBy} />
    </div>
  );
}
