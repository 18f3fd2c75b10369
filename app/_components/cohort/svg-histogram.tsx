import { formatTick } from './format';

/** Props of an SVG histogram: bin i covers [lo + i·width, lo + (i+1)·width). */
export interface SvgHistogramProps {
  readonly lo: number;
  readonly width: number;
  readonly counts: readonly number[];
  /** Axis label, with its unit. */
  readonly label: string;
  readonly color?: string;
  readonly testId?: string;
}

const W = 520;
const H = 160;
const M = { left: 36, right: 8, top: 8, bottom: 30 };

/** A bar histogram drawn as plain SVG (x: feature value, y: count). */
export function SvgHistogram({ lo, width, counts, label, color = '#0072b2', testId }: SvgHistogramProps) {
  const max = Math.max(1, ...counts);
  const plotW = W - M.left - M.right;
  const plotH = H - M.top - M.bottom;
  const barW = plotW / Math.max(1, counts.length);
  const hi = lo + width * counts.length;
  return (
    <svg
      viewBox={`0 0 ${W} ${H}`}
      className="h-auto w-full"
      role="img"
      aria-label={`Histogram of ${label}`}
      data-testid={testId}
    >
      <line x1={M.left} x2={W - M.right} y1={H - M.bottom} y2={H - M.bottom} stroke="#94a3b8" />
      <line x1={M.left} x2={M.left} y1={M.top} y2={H - M.bottom} stroke="#94a3b8" />
      {counts.map((count, i) => {
        const h = (count / max) * plotH;
        return (
          <rect
            key={i}
            x={M.left + i * barW + 0.5}
            y={H - M.bottom - h}
            width={Math.max(0.5, barW - 1)}
            height={h}
            fill={color}
          >
            <title>{`${formatTick(lo + i * width)} – ${formatTick(lo + (i + 1) * width)}: ${count}`}</title>
          </rect>
        );
      })}
      <text x={M.left - 4} y={M.top + 8} textAnchor="end" fontSize="9" fill="#475569">
        {formatTick(max)}
      </text>
      <text x={M.left - 4} y={H - M.bottom} textAnchor="end" fontSize="9" fill="#475569">
        0
      </text>
      <text x={M.left} y={H - M.bottom + 12} fontSize="9" fill="#475569">
        {formatTick(lo)}
      </text>
      <text x={W - M.right} y={H - M.bottom + 12} textAnchor="end" fontSize="9" fill="#475569">
        {formatTick(hi)}
      </text>
      <text x={M.left + plotW / 2} y={H - 4} textAnchor="middle" fontSize="10" fill="#334155">
        {label}
      </text>
    </svg>
  );
}

/** Horizontal bars of counts per level (the composition of the shown slides by a category). */
export function SvgLevelBars({
  items,
  testId,
}: {
  items: readonly { level: string; count: number }[];
  testId?: string;
}) {
  const max = Math.max(1, ...items.map((i) => i.count));
  const rowH = 18;
  const height = Math.max(1, items.length) * rowH + 4;
  return (
    <svg
      viewBox={`0 0 ${W} ${height}`}
      className="h-auto w-full"
      role="img"
      aria-label="Composition"
      data-testid={testId}
    >
      {items.map((item, i) => (
        <g key={item.level} transform={`translate(0, ${i * rowH + 2})`}>
          <text x={76} y={12} textAnchor="end" fontSize="10" fill="#334155">
            {item.level}
          </text>
          <rect
            x={82}
            y={2}
            width={((W - 130) * item.count) / max}
            height={rowH - 5}
            fill={item.level === 'missing' ? '#cbd5e1' : '#009e73'}
          />
          <text x={86 + ((W - 130) * item.count) / max} y={12} fontSize="10" fill="#334155">
            {item.count}
          </text>
        </g>
      ))}
    </svg>
  );
}
