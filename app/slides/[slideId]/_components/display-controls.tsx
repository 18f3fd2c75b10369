'use client';
/** Map display controls: visible layers, tissue opacity, polygon style, colouring and "fit slide". */
import { filterableFeatures } from '@/lib/filters';
import { findColumn } from '@/lib/registry';
import { LAYER_IDS, type LayerId, type ViewState } from '@/lib/viewer/view-state';

const LAYER_LABEL: Record<LayerId, string> = {
  tissue: 'Tissue map',
  glands: 'Glands',
  lumina: 'Lumina',
  nuclei: 'Nuclei',
};

/** The controls; `onChange(next, final)` — final changes are pushed to history, slider drags replace. */
export function DisplayControls(props: {
  readonly state: ViewState;
  readonly onChange: (next: ViewState, final: boolean) => void;
  readonly onFit: () => void;
}) {
  const { state } = props;
  return (
    <section className="border-b border-slate-200 pb-2 text-xs" data-testid="display-controls">
      <div className="flex items-baseline justify-between">
        <h3 className="text-sm font-semibold">Layers</h3>
        <button type="button" className="text-sky-700 hover:underline" onClick={props.onFit}>
          fit slide
        </button>
      </div>
      <div className="mt-1 grid grid-cols-2 gap-1">
        {LAYER_IDS.map((id) => (
          <label key={id} className="flex items-center gap-1">
            <input
              type="checkbox"
              data-testid={`layer-${id}`}
              checked={state.layers.includes(id)}
              onChange={() =>
                props.onChange(
                  {
                    ...state,
                    layers: state.layers.includes(id)
                      ? state.layers.filter((l) => l !== id)
                      : LAYER_IDS.filter((l) => l === id || state.layers.includes(l)),
                  },
                  true,
                )
              }
            />
            {LAYER_LABEL[id]}
          </label>
        ))}
      </div>
      <label className="mt-1 flex items-center gap-2">
        Tissue opacity
        <input
          type="range"
          data-testid="tissue-opacity"
          min={0}
          max={1}
          step={0.05}
          value={state.opacity}
          onChange={(e) => props.onChange({ ...state, opacity: Number(e.target.value) }, false)}
        />
      </label>
      <label className="mt-1 flex items-center gap-2">
        Glands and lumina
        <select
          className="rounded border border-slate-300 px-1"
          value={state.polygonStyle}
          onChange={(e) =>
            props.onChange({ ...state, polygonStyle: e.target.value === 'fill' ? 'fill' : 'outline' }, true)
          }
        >
          <option value="outline">outline</option>
          <option value="fill">filled</option>
        </select>
      </label>
      <label className="mt-1 flex items-center gap-2">
        Colour nuclei by
        <select
          className="min-w-0 flex-1 rounded border border-slate-300 px-1"
          data-testid="color-by"
          value={state.colorBy}
          onChange={(e) => props.onChange({ ...state, colorBy: e.target.value }, true)}
        >
          <option value="class">class</option>
          {filterableFeatures('nuclei').map((f) => {
            const column = findColumn('nuclei', f);
            return (
              <option key={f} value={f}>
                {column?.label ?? f}
                {column?.unit ? ` (${column.unit})` : ''}
              </option>
            );
          })}
        </select>
      </label>
    </section>
  );
}
