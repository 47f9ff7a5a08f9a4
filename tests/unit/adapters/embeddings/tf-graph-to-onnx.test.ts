import ort from "onnxruntime-node";
import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain JS module (it runs inside worker threads without the TypeScript loader)
import { tfGraphToOnnx } from "../../../../src/adapters/embeddings/tf-graph-to-onnx.mjs";

// The real graph (USE lite) is checked end to end in local-use.test.ts; these small graphs pin the
// conversion rules with values worked out by hand, run by the real onnxruntime.

interface TfNode {
  name: string;
  op: string;
  input?: string[];
  attr?: Record<string, unknown>;
}
interface Constant {
  dtype: "float32" | "int64";
  shape: number[];
  values: number[];
}

const int = (i: number) => ({ i: String(i) });
const bool = (b: boolean) => ({ b });

function convert(nodes: TfNode[], constants: Record<string, Constant>, inputs: Array<{ name: string; dtype: "float32" | "int64" }>, output: string): Uint8Array {
  const constNodes = Object.keys(constants).map((name) => ({ name, op: "Const" }));
  const constant = (name: string) => {
    const c = constants[name];
    if (!c) throw new Error(`no constant ${name}`);
    return c;
  };
  return tfGraphToOnnx({ node: [...constNodes, ...nodes] }, constant, { inputs, output }) as Uint8Array;
}

async function run(model: Uint8Array, feeds: Record<string, ort.Tensor>, output: string): Promise<{ dims: readonly number[]; data: number[] }> {
  const session = await ort.InferenceSession.create(model, { logSeverityLevel: 3 });
  const result = (await session.run(feeds))[output]!;
  return { dims: result.dims, data: Array.from(result.data as Float32Array | BigInt64Array, Number) };
}

describe("tfGraphToOnnx", () => {
  it("turns a dense layer (MatMul, BiasAdd, Relu) and a reduction into the same arithmetic", async () => {
    const model = convert(
      [
        { name: "x", op: "Placeholder" },
        { name: "mm", op: "MatMul", input: ["x", "w"], attr: { transpose_a: bool(false), transpose_b: bool(false) } },
        { name: "biased", op: "BiasAdd", input: ["mm", "b"], attr: {} },
        { name: "relu", op: "Relu", input: ["biased"] },
        { name: "total", op: "Sum", input: ["relu", "axis"], attr: { keep_dims: bool(false) } },
      ],
      {
        w: { dtype: "float32", shape: [2, 3], values: [1, 0, -1, 0, 1, -1] },
        b: { dtype: "float32", shape: [3], values: [0.5, -5, 0] },
        axis: { dtype: "int64", shape: [], values: [1] },
      },
      [{ name: "x", dtype: "float32" }],
      "total",
    );
    // Rows [1, 2] and [3, -1]: x·w = [1, 2, -3] and [3, -1, -2]; + b = [1.5, -3, -3] and [3.5, -6, -2];
    // relu keeps 1.5 and 3.5.
    const out = await run(model, { x: new ort.Tensor("float32", Float32Array.from([1, 2, 3, -1]), [2, 2]) }, "total");
    expect(out.dims).toEqual([2]);
    expect(out.data).toEqual([1.5, 3.5]);
  });

  it("follows StridedSlice's begin, end and shrink masks, and packs scalars into a shape", async () => {
    // x has shape [2, 3, 4]: take x[1, :, 2:] (shrink axis 0, begin mask on axis 1), then read its
    // shape and pack its two dimensions the other way round.
    const model = convert(
      [
        { name: "x", op: "Placeholder" },
        {
          name: "slice",
          op: "StridedSlice",
          input: ["x", "begin", "end", "strides"],
          attr: { begin_mask: int(2), end_mask: int(6), shrink_axis_mask: int(1), ellipsis_mask: int(0), new_axis_mask: int(0) },
        },
        { name: "shape", op: "Shape", input: ["slice"], attr: { out_type: { type: 3 } } },
        { name: "rows", op: "StridedSlice", input: ["shape", "zero", "one", "one"], attr: { shrink_axis_mask: int(1) } },
        { name: "cols", op: "StridedSlice", input: ["shape", "minusOne", "zero", "one"], attr: { shrink_axis_mask: int(1) } },
        { name: "swapped", op: "Pack", input: ["cols", "rows"], attr: { axis: int(0), N: int(2) } },
        { name: "reshaped", op: "Reshape", input: ["slice", "swapped"] },
      ],
      {
        begin: { dtype: "int64", shape: [3], values: [1, 0, 2] },
        end: { dtype: "int64", shape: [3], values: [2, 0, 0] },
        strides: { dtype: "int64", shape: [3], values: [1, 1, 1] },
        zero: { dtype: "int64", shape: [1], values: [0] },
        one: { dtype: "int64", shape: [1], values: [1] },
        minusOne: { dtype: "int64", shape: [1], values: [-1] },
      },
      [{ name: "x", dtype: "float32" }],
      "reshaped",
    );
    const x = Float32Array.from({ length: 24 }, (_, i) => i);
    const out = await run(model, { x: new ort.Tensor("float32", x, [2, 3, 4]) }, "reshaped");
    // x[1, :, 2:] is [[14, 15], [18, 19], [22, 23]] (shape [3, 2]); reshaped to [2, 3].
    expect(out.dims).toEqual([2, 3]);
    expect(out.data).toEqual([14, 15, 18, 19, 22, 23]);
  });

  it("names an op it cannot convert instead of guessing", () => {
    expect(() =>
      convert([{ name: "x", op: "Placeholder" }, { name: "odd", op: "FakeQuantWithMinMaxVars", input: ["x"] }], {}, [{ name: "x", dtype: "float32" }], "odd"),
    ).toThrow(/FakeQuantWithMinMaxVars \(odd\) has no ONNX conversion/);
  });
});
