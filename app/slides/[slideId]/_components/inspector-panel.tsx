'use client';
/** Side panel with every registry column of the selected object (units, descriptions) and its gland and tissue context. */
import { findClass, TABLES, type ColumnDef, type ObjectKind } from '@/lib/registry';
import { formatNumber } from './histogram-chart';

/** The /objects answer (see lib/server/viewer/object-detail.ts). */
export interface ObjectDetailData {
  readonly kind: ObjectKind;
  readonly objectId: number;
  readonly values: Readonly<Record<string, number | string | boolean | null>>;
  readonly polygon: readonly number[];
  readonly gland: Readonly<Record<string, number | string | boolean | null>> | null;
}

const SINGULAR: Record<ObjectKind, string> = { nuclei: 'Nucleus', glands: 'Gland', lumina: 'Lumen' };

function formatValue(column: ColumnDef, value: number | string | boolean | null | undefined): string {
  if (value === null || value === undefined) return '—';
  if (column.classes && typeof value === 'number') return findClass(column.classes, value)?.name ?? String(value);
  if (typeof value === 'number')
    return column.role === 'key' || column.role === 'relation' ? String(value) : formatNumber(value);
  return String(value);
}

function Rows(props: { kind: ObjectKind; values: ObjectDetailData['values']; testPrefix: string }) {
  return (
    <table className="w-full text-xs">
      <tbody>
        {TABLES[props.kind].columns
          .filter((c) => c.role !== 'geometry')
          .map((column) => (
            <tr
              key={column.name}
              className="border-b border-slate-100 align-top"
              title={column.description}
              data-testid={`${props.testPrefix}-${column.name}`}
              data-value={String(props.values[column.name] ?? '')}
            >
              <th className="py-0.5 pr-2 text-left font-normal text-slate-600">{column.label}</th>
              <td className="py-0.5 text-right tabular-nums">
                {formatValue(column, props.values[column.name])}
                {column.unit && column.unit !== 'count' && props.values[column.name] !== null && (
                  <span className="ml-1 text-slate-500">{column.unit}</span>
                )}
              </td>
            </tr>
          ))}
      </tbody>
    </table>
  );
}

/** The inspector for `detail` (null while loading), with a close button. */
export function InspectorPanel(props: {
  readonly detail: ObjectDetailData | null;
  readonly error: string | null;
  readonly onClose: () => void;
}) {
  const { detail } = props;
  return (
    <aside
      className="w-72 shrink-0 overflow-y-auto border-l border-slate-200 bg-white p-3"
      data-testid="inspector"
      data-object-id={detail?.objectId}
    >
      <div className="flex items-baseline justify-between">
        <h2 className="text-sm font-semibold">{detail ? `${SINGULAR[detail.kind]} ${detail.objectId}` : 'Loading…'}</h2>
        <button
          type="button"
          className="text-xs text-slate-500 hover:text-slate-900"
          onClick={props.onClose}
          aria-label="Close inspector"
        >
          close ✕
        </button>
      </div>
      {props.error && <p className="text-xs text-red-700">{props.error}</p>}
      {detail && (
        <>
          <p className="mt-1 text-xs text-slate-600">
            {detail.kind !== 'glands' &&
              (detail.gland
                ? `Inside gland ${detail.gland.object_id} (${findClass('gland', Number(detail.gland.class_id))?.name ?? 'gland'}). `
                : 'Outside every gland. ')}
            Tissue: {findClass('tissue', Number(detail.values.tissue_class))?.name ?? '—'}.
          </p>
          <div className="mt-2">
            <Rows kind={detail.kind} values={detail.values} testPrefix="inspector" />
          </div>
          {detail.gland && (
            <details className="mt-3">
              <summary className="cursor-pointer text-xs font-semibold">
                Containing gland {String(detail.gland.object_id)}
              </summary>
              <Rows kind="glands" values={detail.gland} testPrefix="inspector-gland" />
            </details>
          )}
        </>
      )}
    </aside>
  );
}
