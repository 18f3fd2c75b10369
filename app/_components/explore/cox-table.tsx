import { formatP, formatValue } from '@/lib/explore/format';
import type { CoxSummary, HazardRatio, Outcome } from '@/lib/explore/results';
import type { VariableInfo } from '@/lib/explore/variables';
import { Unavailable } from './stat-notes';

function Hr({ label, hr }: { label: string; hr: HazardRatio }) {
  return (
    <tr>
      <td className="pr-4">{label}</td>
      <td className="pr-4 text-right">{formatValue(hr.hazardRatio, 4)}</td>
      <td className="pr-4 text-right">
        {formatValue(hr.lower, 4)} – {formatValue(hr.upper, 4)}
      </td>
      <td className="text-right">{formatP(hr.p)}</td>
    </tr>
  );
}

/** Univariable Cox hazard ratios with 95 % CI (Efron ties): per unit and per SD of a feature, or per group vs reference. */
export function CoxTable({ cox, splitBy }: { cox: Outcome<CoxSummary>; splitBy: VariableInfo }) {
  if (!cox.ok) return <Unavailable what="Cox model" reason={cox.reason} />;
  const unit = splitBy.unit || 'unit';
  return (
    <section data-testid="cox" className="text-sm">
      <h3 className="font-semibold">
        Univariable Cox proportional hazards ({cox.n} patients, {cox.events} events; Efron ties, Wald 95 % CI)
      </h3>
      <table className="mt-1 text-xs">
        <thead className="text-left text-slate-500">
          <tr>
            <th className="pr-4">Covariate</th>
            <th className="pr-4 text-right">HR</th>
            <th className="pr-4 text-right">95 % CI</th>
            <th className="text-right">p</th>
          </tr>
        </thead>
        <tbody>
          {cox.kind === 'continuous' ? (
            <>
              <Hr label={`${splitBy.label}, per 1 ${unit} (continuous)`} hr={cox.perUnit} />
              <Hr
                label={`${splitBy.label}, per SD (${[formatValue(cox.sd), splitBy.unit].filter(Boolean).join(' ')})`}
                hr={cox.perSd}
              />
            </>
          ) : (
            cox.terms.map((t) => <Hr key={t.level} label={`${t.level} vs ${cox.reference}`} hr={t} />)
          )}
        </tbody>
      </table>
    </section>
  );
}
