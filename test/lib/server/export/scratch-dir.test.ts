/**
 * The export scratch folder: left-overs of dead servers (`atlas-export-<pid>-*` whose PID is gone)
 * are swept; folders of live processes and unrelated folders stay.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sweepStaleScratchDirs } from '../../../../lib/server/export/scratch-dir';

/** A PID that certainly no longer exists: a child that has exited and been reaped. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(child.stdout.toString());
}

describe('sweepStaleScratchDirs', () => {
  let parent = '';
  afterEach(() => rmSync(parent, { recursive: true, force: true }));

  it('removes folders of dead servers only', () => {
    parent = mkdtempSync(join(tmpdir(), 'atlas-sweep-'));
    const dead = `atlas-export-${deadPid()}-abc123`;
    const live = `atlas-export-${process.ppid}-def456`;
    const mine = `atlas-export-${process.pid}-ghi789`;
    const other = 'atlas-export-legacy';
    for (const name of [dead, live, mine, other]) mkdirSync(join(parent, name, 'sub'), { recursive: true });
    expect(sweepStaleScratchDirs(parent)).toEqual([dead]);
    expect(existsSync(join(parent, dead))).toBe(false);
    for (const name of [live, mine, other]) expect(existsSync(join(parent, name))).toBe(true);
  });
});
