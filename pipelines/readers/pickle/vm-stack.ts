/**
 * The pickle VM's value stack, MARK stack and memo: a fixed array with a pointer (pushes and pops
 * never resize it), bounded depths, and dict filling with the reviver. Values a reviver replaces, and
 * array wrappers once read, are dropped from the memo so they can be garbage-collected.
 */
import { Memo, UNSET } from './memo';
import { CONSUMED, NdArray, PendingWrapper, PyBytes, PyDict, PyList, describeValue, type Source } from './values';
import { PickleInput } from './vm-input';
import type { UnpickleOptions } from './vm-options';

/** Stack, marks and memo on top of the operand reader. */
export class PickleStack extends PickleInput {
  /** Value stack: slots 0..sp-1. */
  protected readonly stack: unknown[];
  protected sp = 0;
  protected readonly marks: number[] = [];
  protected readonly memo: Memo;
  /** Last memo slots that received a tuple / bytes (where a consumed scalar's arguments live). */
  protected lastTupleSlot = -1;
  protected lastBytesSlot = -1;
  protected readonly maxStack: number;
  protected readonly maxMarks: number;

  constructor(source: Source, options: UnpickleOptions) {
    super(source, options);
    this.memo = new Memo(source.bytes);
    this.maxStack = options.maxStack ?? 1 << 20;
    this.maxMarks = options.maxMarks ?? 10_000;
    this.stack = new Array<unknown>(Math.min(1024, this.maxStack)).fill(null);
  }

  protected push(value: unknown): void {
    if (this.sp === this.stack.length) {
      if (this.sp >= this.maxStack) this.fail(`pickle stack deeper than ${this.maxStack}`);
      this.stack.push(value);
      this.sp++;
    } else {
      this.stack[this.sp++] = value;
    }
  }

  protected pop(): unknown {
    if (this.sp <= this.topMark()) this.fail('pickle stack underflow');
    const value = this.stack[--this.sp];
    this.stack[this.sp] = null;
    return value;
  }

  protected peek(): unknown {
    if (this.sp <= this.topMark()) this.fail('pickle stack underflow');
    return this.stack[this.sp - 1];
  }

  /** The slot at `index` below the current mark (the target of APPENDS/SETITEMS). */
  protected stackAt(index: number): unknown {
    if (index < this.topMark() || index < 0) this.fail('pickle stack underflow');
    return this.stack[index];
  }

  protected topMark(): number {
    return this.marks.length > 0 ? this.marks[this.marks.length - 1]! : 0;
  }

  /** Pops the innermost MARK and returns its stack position (the items are sp..mark). */
  protected popMark(): number {
    const mark = this.marks.pop();
    if (mark === undefined) return this.fail('no MARK on the stack');
    return mark;
  }

  /** Pops the innermost MARK and the items above it, as a new array. */
  protected takeMarked(): unknown[] {
    const mark = this.popMark();
    const items = this.stack.slice(mark, this.sp);
    this.sp = mark;
    return items;
  }

  protected list(value: unknown): PyList {
    return value instanceof PyList ? value : this.fail(`APPEND onto ${describeValue(value)}`);
  }

  protected dict(value: unknown): PyDict {
    return value instanceof PyDict ? value : this.fail(`SETITEM onto ${describeValue(value)}`);
  }

  /** Moves the key/value pairs in stack slots from..sp-1 into `dict` (applying the reviver) and pops them. */
  protected setItems(dict: PyDict, from: number): void {
    const stack = this.stack;
    const end = this.sp;
    if ((end - from) % 2 !== 0) this.fail('SETITEMS with an odd number of items');
    const base = dict.entries.length;
    if (base === 0) dict.entries = stack.slice(from, end);
    else for (let i = from; i < end; i++) dict.entries.push(stack[i]);
    if (dict.entries.length === 0) return;
    const entries = dict.entries;
    const reviver = this.options.reviver;
    for (let i = base; i < entries.length; i += 2) {
      const key = entries[i];
      if (typeof key !== 'string' && (key instanceof PyList || key instanceof PyDict || key instanceof NdArray))
        this.fail(`unhashable dict key (${describeValue(key)})`);
      if (reviver !== undefined) {
        const value = entries[i + 1];
        const revived = reviver(key, value);
        if (revived !== value) {
          if (value instanceof PyDict) this.consume(value.memoSlot, value);
          entries[i + 1] = revived;
        }
      }
    }
    for (let i = from; i < end; i++) stack[i] = null;
    this.sp = from;
  }

  protected memoPut(index: number, value: unknown): void {
    this.memo.put(index, value);
    if (value instanceof PyDict || value instanceof PendingWrapper) value.memoSlot = index;
    else if (Array.isArray(value)) this.lastTupleSlot = index;
    else if (value instanceof PyBytes) this.lastBytesSlot = index;
  }

  protected memoGet(index: number): unknown {
    const value = this.memo.at(index);
    if (value === undefined || value === UNSET) return this.fail(`memo entry ${index} was never stored`);
    if (value === CONSUMED)
      return this.fail(`memo entry ${index} refers to an array wrapper or record that was already consumed`);
    return value;
  }

  /** Drops `value` from the memo so it can be garbage-collected (see Memo.consume). */
  protected consume(slot: number, value: unknown): void {
    this.memo.consume(slot, value);
  }
}
