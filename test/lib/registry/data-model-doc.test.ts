import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GENERATED_BEGIN, GENERATED_END, renderRegistryMarkdown } from '../../../lib/registry/markdown';
import { CLASS_DICTIONARIES, TABLES, TABLE_IDS } from '../../../lib/registry';

const doc = readFileSync(new URL('../../../docs/data-model.md', import.meta.url), 'utf8');

describe('docs/data-model.md mirrors lib/registry', () => {
  it('contains exactly the tables generated from the registry (run `npm run docs` after changing it)', () => {
    const begin = doc.indexOf(GENERATED_BEGIN);
    const end = doc.indexOf(GENERATED_END) + GENERATED_END.length;
    expect(begin).toBeGreaterThan(0);
    expect(doc.slice(begin, end)).toBe(renderRegistryMarkdown());
  });

  it('documents every column of every table and every class', () => {
    for (const id of TABLE_IDS)
      for (const c of TABLES[id].columns) expect(doc).toContain(`| \`${c.name}\` | ${c.type} |`);
    for (const classes of Object.values(CLASS_DICTIONARIES))
      for (const c of classes) expect(doc).toContain(`\`${c.color}\``);
  });
});

describe('registry invariants', () => {
  it('has unique column names per table, snake_case, with a label and a description', () => {
    for (const id of TABLE_IDS) {
      const names = TABLES[id].columns.map((c) => c.name);
      expect(new Set(names).size, id).toBe(names.length);
      for (const c of TABLES[id].columns) {
        expect(c.name).toMatch(/^[a-z][a-z0-9_]*$/);
        expect(c.label.length, c.name).toBeGreaterThan(0);
        expect(c.description.length, c.name).toBeGreaterThan(10);
      }
    }
  });

  it('gives class columns a dictionary and category columns levels or a boolean type', () => {
    for (const id of TABLE_IDS)
      for (const c of TABLES[id].columns) {
        if (c.role === 'class') expect(c.classes, c.name).toBeDefined();
        if (c.role === 'category') expect(c.levels !== undefined || c.type === 'BOOLEAN', c.name).toBe(true);
        if (c.role === 'feature')
          expect(['TINYINT', 'SMALLINT', 'INTEGER', 'UINTEGER', 'FLOAT', 'DOUBLE'], c.name).toContain(c.type);
      }
  });

  it('uses the Cerberus class indices', () => {
    expect(CLASS_DICTIONARIES.nucleus.map((c) => c.key)).toEqual([
      'none',
      'neutrophil',
      'epithelial',
      'lymphocyte',
      'plasma',
      'eosinophil',
      'connective',
    ]);
    expect(CLASS_DICTIONARIES.gland.map((c) => c.id)).toEqual([0, 1, 2]);
    expect(CLASS_DICTIONARIES.tissue.map((c) => c.key)).toEqual([
      'background',
      'tumour',
      'normal',
      'inflammatory',
      'muscle',
      'stroma',
      'debris',
      'mucus',
      'adipose',
    ]);
    const colours = [...CLASS_DICTIONARIES.nucleus, ...CLASS_DICTIONARIES.tissue].map((c) => c.color);
    expect(new Set(colours).size).toBe(colours.length);
  });
});
