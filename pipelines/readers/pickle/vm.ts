/**
 * A pickle virtual machine for protocols 2–5, restricted to plain data, allow-listed numpy globals and
 * joblib's inline array format. Each opcode consumes at least one byte and every length is checked
 * against the remaining bytes before anything is allocated, so hostile input either decodes or throws
 * ReadError in time linear in its size. With a `recordSink`, each MARK after a dict first offers the
 * batch to the record fast path (record-batch.ts), which either reads all of it exactly as this VM
 * would or leaves it to the VM untouched. This file is the opcode dispatch; its layers are
 * vm-input.ts (operands), vm-stack.ts (stack, marks, memo), vm-objects.ts (globals, numpy and joblib
 * reconstruction) and vm-batches.ts (the way into the record fast path).
 */
import { OP } from './opcodes';
import { PyDict, PyList, Source } from './values';
import { PickleBatches } from './vm-batches';
import type { PickleStats, UnpickleOptions } from './vm-options';

export type { PickleStats, Reviver, UnpickleOptions } from './vm-options';

/** Decodes one pickle from `bytes` (starting at byte 0) and returns the top-level value and stream stats. */
export function unpickle(bytes: Uint8Array, options: UnpickleOptions): { value: unknown; stats: PickleStats } {
  const vm = new Unpickler(new Source(bytes), options);
  return { value: vm.run(), stats: vm.stats };
}

class Unpickler extends PickleBatches {
  run(): unknown {
    const bytes = this.bytes;
    const view = this.source.view;
    const end = bytes.length;
    for (;;) {
      this.opStart = this.pos;
      if (this.pos >= end) return this.fail('file ends before the pickle STOP opcode (truncated?)');
      const op = bytes[this.pos++]!;
      switch (op) {
        case OP.MARK:
          if (this.marks.length >= this.maxMarks) return this.fail(`nesting deeper than ${this.maxMarks}`);
          if (this.batches !== undefined && this.sp > this.topMark() && this.stack[this.sp - 1] instanceof PyDict) {
            if (this.readRecordBatch(this.batches, this.stack[this.sp - 1] as PyDict)) break;
          }
          this.marks.push(this.sp);
          break;
        case OP.STOP:
          if (this.sp !== 1 || this.marks.length !== 0) return this.fail('STOP with an unbalanced stack');
          return this.stack[0];
        case OP.POP:
          if (this.marks.length > 0 && this.topMark() === this.sp) this.marks.pop();
          else this.pop();
          break;
        case OP.POP_MARK:
          this.sp = this.popMark();
          break;
        case OP.DUP:
          this.push(this.peek());
          break;
        case OP.NONE:
          this.push(null);
          break;
        case OP.NEWTRUE:
          this.push(true);
          break;
        case OP.NEWFALSE:
          this.push(false);
          break;
        case OP.BININT:
          this.need(4);
          this.push(view.getInt32(this.pos, true));
          this.pos += 4;
          break;
        case OP.BININT1:
          this.need(1);
          this.push(bytes[this.pos++]);
          break;
        case OP.BININT2:
          this.need(2);
          this.push(view.getUint16(this.pos, true));
          this.pos += 2;
          break;
        case OP.LONG1:
          this.push(this.readLong(this.readU8()));
          break;
        case OP.LONG4: {
          const n = this.readU32();
          if (n > 0x7fffffff) return this.fail('negative LONG4 length');
          this.push(this.readLong(n));
          break;
        }
        case OP.BINFLOAT:
          this.need(8);
          this.push(view.getFloat64(this.pos, false));
          this.pos += 8;
          break;
        case OP.SHORT_BINUNICODE:
        case OP.BINUNICODE:
          if (this.batches !== undefined && this.readRestOfBatch(this.batches)) break;
          this.push(this.readText(op === OP.SHORT_BINUNICODE ? this.readU8() : this.readU32()));
          break;
        case OP.BINUNICODE8:
          this.push(this.readText(this.readU64()));
          break;
        case OP.SHORT_BINBYTES:
          this.push(this.readBytes(this.readU8()));
          break;
        case OP.BINBYTES:
          this.push(this.readBytes(this.readU32()));
          break;
        case OP.BINBYTES8:
        case OP.BYTEARRAY8:
          this.push(this.readBytes(this.readU64()));
          break;
        case OP.EMPTY_TUPLE:
          this.push([]);
          break;
        case OP.TUPLE1:
          this.push([this.pop()]);
          break;
        case OP.TUPLE2: {
          const b = this.pop();
          this.push([this.pop(), b]);
          break;
        }
        case OP.TUPLE3: {
          const c = this.pop();
          const b = this.pop();
          this.push([this.pop(), b, c]);
          break;
        }
        case OP.TUPLE:
          this.push(this.takeMarked());
          break;
        case OP.EMPTY_LIST:
          this.push(new PyList([]));
          break;
        case OP.LIST:
          this.push(new PyList(this.takeMarked()));
          break;
        case OP.APPEND: {
          const item = this.pop();
          this.list(this.peek()).items.push(item);
          break;
        }
        case OP.APPENDS: {
          const mark = this.popMark();
          const target = this.list(this.stackAt(mark - 1)).items;
          for (let i = mark; i < this.sp; i++) target.push(this.stack[i]);
          this.sp = mark;
          break;
        }
        case OP.EMPTY_DICT:
          this.push(new PyDict());
          break;
        case OP.DICT: {
          const mark = this.popMark();
          const dict = new PyDict();
          this.setItems(dict, mark);
          this.push(dict);
          break;
        }
        case OP.SETITEM:
          if (this.sp - 3 < this.topMark()) return this.fail('pickle stack underflow');
          this.setItems(this.dict(this.stack[this.sp - 3]), this.sp - 2);
          break;
        case OP.SETITEMS: {
          const mark = this.popMark();
          this.setItems(this.dict(this.stackAt(mark - 1)), mark);
          break;
        }
        case OP.MEMOIZE:
          this.memoPut(this.memo.length, this.peek());
          break;
        case OP.BINPUT:
          this.memoPut(this.readU8(), this.peek());
          break;
        case OP.LONG_BINPUT:
          this.memoPut(this.readU32(), this.peek());
          break;
        case OP.BINGET:
          this.push(this.memoGet(this.readU8()));
          break;
        case OP.LONG_BINGET:
          this.push(this.memoGet(this.readU32()));
          break;
        case OP.PROTO:
          this.stats.protocol = this.readU8();
          if (this.stats.protocol < 2 || this.stats.protocol > 5)
            return this.fail(`unsupported pickle protocol ${this.stats.protocol}`);
          break;
        case OP.FRAME:
          if (this.readU64() > end - this.pos) return this.fail('FRAME longer than the rest of the file (truncated?)');
          break;
        case OP.GLOBAL: {
          const moduleName = this.readLine();
          this.push(this.global(moduleName, this.readLine()));
          break;
        }
        case OP.STACK_GLOBAL: {
          const name = this.pop();
          const moduleName = this.pop();
          if (typeof moduleName !== 'string' || typeof name !== 'string')
            return this.fail('STACK_GLOBAL needs two strings');
          this.push(this.global(moduleName, name));
          break;
        }
        case OP.REDUCE: {
          const args = this.pop();
          const callee = this.pop();
          this.push(this.call(callee, args));
          break;
        }
        case OP.NEWOBJ: {
          const args = this.pop();
          this.push(this.newObject(this.pop(), args));
          break;
        }
        case OP.BUILD: {
          const state = this.pop();
          this.push(this.build(this.pop(), state));
          break;
        }
        default:
          return this.fail(`unsupported pickle opcode 0x${op.toString(16).padStart(2, '0')}`);
      }
    }
  }
}
