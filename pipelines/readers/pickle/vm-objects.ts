/**
 * The pickle VM's object layer: allow-listed globals (numpy.ts), what REDUCE, NEWOBJ and BUILD make of
 * them (numpy dtypes, scalars and ndarrays, joblib NumpyArrayWrapper with its inline array bytes), and
 * the stream statistics they feed.
 */
import { buildDtype, buildNdarray, callGlobal, parseShape, parseWrapperState, roleOfGlobal } from './numpy';
import { Dtype, NdArray, PendingNdarray, PendingWrapper, PyDict, PyGlobal, describeValue, type Source } from './values';
import type { PickleStats, UnpickleOptions } from './vm-options';
import { PickleStack } from './vm-stack';

/** Globals and object reconstruction on top of the stack and memo. */
export class PickleObjects extends PickleStack {
  readonly stats: PickleStats = { protocol: 0, paddedArrays: 0, unpaddedArrays: 0, fastRecords: 0, globals: new Set() };

  constructor(source: Source, options: UnpickleOptions) {
    super(source, options);
  }

  protected global(module: string, name: string): PyGlobal {
    const role = roleOfGlobal(module, name);
    if (role === undefined)
      return this.fail(
        `global '${module}.${name}' is not allowed (only numpy arrays, dtypes, scalars and joblib wrappers)`,
      );
    const g = new PyGlobal(module, name, role);
    this.stats.globals.add(g.qualifiedName);
    return g;
  }

  /** REDUCE: calls an allow-listed global. */
  protected call(callee: unknown, args: unknown): unknown {
    if (!(callee instanceof PyGlobal)) return this.fail(`REDUCE of ${describeValue(callee)} is not allowed`);
    const role = callee.role;
    const result = callGlobal(callee, role, args, this.fail);
    if (role === 'scalar' && Array.isArray(args)) {
      // numpy scalars are plain numbers here: their argument tuple and bytes are never referenced again.
      this.consume(this.lastBytesSlot, args[1]);
      this.consume(this.lastTupleSlot, args);
    }
    return result;
  }

  /** NEWOBJ: only joblib's NumpyArrayWrapper, with no arguments. */
  protected newObject(cls: unknown, args: unknown): PendingWrapper {
    if (!(cls instanceof PyGlobal) || cls.role !== 'wrapper')
      return this.fail(`NEWOBJ of ${describeValue(cls)} is not allowed`);
    if (!Array.isArray(args) || args.length !== 0) return this.fail('NumpyArrayWrapper takes no constructor arguments');
    return new PendingWrapper();
  }

  /** BUILD: applies `state` to a dtype, a reconstructed ndarray or an array wrapper. */
  protected build(target: unknown, state: unknown): unknown {
    if (target instanceof Dtype) {
      buildDtype(target, state, this.fail);
      return target;
    }
    if (target instanceof PendingNdarray) return buildNdarray(state, this.fail);
    if (target instanceof PendingWrapper) return this.readWrappedArray(target, state);
    return this.fail(`BUILD of ${describeValue(target)} is not allowed`);
  }

  /** joblib writes a wrapper's array bytes right after its BUILD opcode, optionally padded to 16 bytes. */
  private readWrappedArray(wrapper: PendingWrapper, state: unknown): NdArray {
    const layout = parseWrapperState(wrapper, state, this.fail);
    if (layout.padded) {
      const padding = this.readU8();
      this.need(padding);
      this.pos += padding;
      this.stats.paddedArrays++;
    } else {
      this.stats.unpaddedArrays++;
    }
    const itemSize = layout.dtype.itemSize;
    const { shape, size } = parseShape(layout.shape, (this.bytes.length - this.pos) / itemSize, this.fail);
    const array = new NdArray(layout.dtype, shape, layout.fortran, this.source, this.pos);
    this.pos += size * itemSize;
    this.consume(wrapper.memoSlot, wrapper);
    if (state instanceof PyDict) this.consume(state.memoSlot, state);
    this.consume(this.lastTupleSlot, shape);
    return array;
  }
}
