import { TensorType, type AttributeSpec, type NodeSpec, type TensorSpec } from './onnx-proto.js';

/**
 * Collects the nodes and constant tensors of an ONNX graph while it is built, handing out unique
 * value names. Each `op` call adds one node with one output and returns that output's name, so a
 * computation reads like the formula it implements: `g.op('Add', [g.op('Mul', [x, w]), b])`.
 */
export class GraphBuilder {
  readonly nodes: NodeSpec[] = [];
  readonly initializers: TensorSpec[] = [];
  private readonly used = new Set<string>();

  /** Reserves a name (graph inputs and outputs) so that no generated value takes it. */
  reserve(name: string): string {
    if (this.used.has(name)) throw new Error(`onnx: value name '${name}' is used twice`);
    this.used.add(name);
    return name;
  }

  /** A fresh name from `base`: base, base_1, base_2, … */
  fresh(base: string): string {
    let name = base;
    for (let k = 1; this.used.has(name); k++) name = `${base}_${k}`;
    this.used.add(name);
    return name;
  }

  /** A float32 constant of the given shape. */
  floats(base: string, dims: readonly number[], values: ArrayLike<number>): string {
    const name = this.fresh(base);
    this.initializers.push({ name, dims, type: TensorType.FLOAT, values });
    return name;
  }

  /** A float32 scalar (shape []), for broadcasting. */
  scalar(base: string, value: number): string {
    return this.floats(base, [], [value]);
  }

  /** An int64 constant (indices, axes). */
  int64s(base: string, dims: readonly number[], values: readonly number[]): string {
    const name = this.fresh(base);
    this.initializers.push({ name, dims, type: TensorType.INT64, values });
    return name;
  }

  /** A string constant (categories, class labels). */
  strings(base: string, dims: readonly number[], values: readonly string[]): string {
    const name = this.fresh(base);
    this.initializers.push({ name, dims, type: TensorType.STRING, values });
    return name;
  }

  /**
   * Adds one node and returns the name of its output: `output` when given (a graph output), else a
   * fresh name derived from the op type.
   */
  op(opType: string, inputs: readonly string[], options: { attributes?: readonly AttributeSpec[]; output?: string; base?: string } = {}): string {
    const output = options.output ?? this.fresh(options.base ?? opType.toLowerCase());
    this.nodes.push({
      opType,
      inputs,
      outputs: [output],
      name: `${opType}_${this.nodes.length}`,
      ...(options.attributes === undefined ? {} : { attributes: options.attributes }),
    });
    return output;
  }
}
