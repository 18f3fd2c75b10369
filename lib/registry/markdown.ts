import { CLASS_DICTIONARIES, type ClassDictionaryId } from './classes';
import type { ColumnDef } from './column';
import { TABLES, TABLE_IDS } from './tables';

/** Markers around the generated part of docs/data-model.md. */
export const GENERATED_BEGIN = '<!-- BEGIN GENERATED FROM lib/registry (npm run docs) -->';
export const GENERATED_END = '<!-- END GENERATED -->';

const DICTIONARY_TITLES: Record<ClassDictionaryId, string> = {
  nucleus: 'Nucleus classes (`nuclei.class_id`)',
  gland: 'Gland classes (`glands.class_id`)',
  lumen: 'Lumen class (`lumina.class_id`)',
  tissue: 'Tissue classes (`tissue.class_id`, `*.tissue_class`)',
};

function cell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('\n', ' ');
}

function formatDomain(column: ColumnDef): string {
  if (column.levels) return column.levels.join(', ');
  if (column.classes) return `classes: ${column.classes}`;
  if (!column.domain) return '';
  const [low, high] = column.domain.map((v) => (v === Infinity ? '∞' : Number.isInteger(v) ? String(v) : v.toFixed(4)));
  return `[${low}, ${high}]`;
}

function renderColumns(columns: readonly ColumnDef[]): string[] {
  const rows = columns.map(
    (c) =>
      `| \`${c.name}\` | ${c.type} | ${cell(c.unit) || '—'} | ${c.nullable ? 'yes' : 'no'} | ${c.role} | ${cell(formatDomain(c)) || '—'} | ${cell(c.description)} |`,
  );
  return ['| column | type | unit | nullable | role | domain | definition |', '|---|---|---|---|---|---|---|', ...rows];
}

/** Renders the registry's class dictionaries and table schemas as Markdown (the generated part of the doc). */
export function renderRegistryMarkdown(): string {
  const lines: string[] = [GENERATED_BEGIN, '', '### Classes', ''];
  for (const id of Object.keys(CLASS_DICTIONARIES) as ClassDictionaryId[]) {
    lines.push(`#### ${DICTIONARY_TITLES[id]}`, '', '| id | key | name | colour |', '|---|---|---|---|');
    for (const c of CLASS_DICTIONARIES[id]) lines.push(`| ${c.id} | \`${c.key}\` | ${c.name} | \`${c.color}\` |`);
    lines.push('');
  }
  lines.push('### Tables', '');
  for (const id of TABLE_IDS) {
    const table = TABLES[id];
    const where = table.partitionedBySlide ? `\`${table.path}/slide_id=<slide_id>/data.parquet\`` : `\`${table.path}\``;
    lines.push(
      `#### \`${id}\` — ${table.label}`,
      '',
      `${table.description} Stored at ${where}.`,
      '',
      ...renderColumns(table.columns),
      '',
    );
  }
  lines.push(GENERATED_END);
  return lines.join('\n');
}

/** Returns `doc` with its generated part replaced by `generated`; throws when the markers are missing. */
export function replaceGeneratedSection(doc: string, generated: string): string {
  const begin = doc.indexOf(GENERATED_BEGIN);
  const end = doc.indexOf(GENERATED_END);
  if (begin < 0 || end < begin) throw new Error('docs/data-model.md lacks the generated-section markers');
  return doc.slice(0, begin) + generated + doc.slice(end + GENERATED_END.length);
}
