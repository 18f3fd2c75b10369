import { patients } from '@/lib/explore/format';
import type { Exclusion } from '@/lib/explore/results';

/** "N of M patients analysed; 171 patients without MSI status excluded; …". */
export function ExclusionNote({
  total,
  used,
  exclusions,
}: {
  total: number;
  used: number;
  exclusions: readonly Exclusion[];
}) {
  return (
    <p className="text-xs text-slate-600" data-testid="exclusions">
      {patients(used)} of {total.toLocaleString('en-US')} analysed
      {exclusions.map((e) => `; ${patients(e.count)} ${e.reason} excluded`).join('')}.
    </p>
  );
}

/** Why a statistic is not shown (never NaN, never a fake p-value). */
export function Unavailable({ what, reason }: { what: string; reason: string }) {
  return (
    <p className="rounded border border-amber-300 bg-amber-50 px-2 py-1 text-sm" data-testid="stat-unavailable">
      {what} not computed: {reason}
    </p>
  );
}
