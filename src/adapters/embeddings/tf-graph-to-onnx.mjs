// Turns the packaged TensorFlow.js graph of USE lite into an ONNX model that onnxruntime runs natively.
//
// Why by hand: the usual converters (tf2onnx, onnx-tensorflow) are Python packages, and this workplace
// reaches only npm; no npm package converts a TF.js graph. The graph is fixed (the npm-packaged model),
// so this handles exactly the TensorFlow ops it holds and refuses any other with a clear error rather
// than guess. The caller checks the converted model against the TF.js one before trusting it.
//
// Plain JS for the same reason as use-worker.mjs, which imports it: workers start without the tsx loader.
//
// Conventions of the ONNX graph built here:
// - every integer tensor is int64 (TF.js keeps int32, TF int64): ONNX wants int64 for shapes, axes and
//   gather/scatter indices, and the values here are token ids, positions and shapes, far from overflow;
// - TensorFlow tensor "node:k" is ONNX value "node" for k = 0 and "node:k" otherwise.
import onnxProto from "onnx-proto";

const { onnx } = onnxProto;
const DataType = onnx.TensorProto.DataType;
const AttrType = onnx.AttributeProto.AttributeType;

/** Opset 17: axes of Squeeze/Unsqueeze/ReduceSum/Split are inputs, of ReduceMean/Max/Prod attributes. */
const OPSET = 17;
const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;

/** TensorFlow DataType enum → ONNX element type (integers widened to int64, see above). */
const TF_DTYPES = { 1: DataType.FLOAT, 3: DataType.INT64, 9: DataType.INT64, 10: DataType.BOOL };

// TF Softmax works on the last axis, as ONNX's does from opset 13 on; BiasAdd in NHWC adds on the last axis.
const UNARY = { LogicalNot: "Not", Sin: "Sin", Cos: "Cos", Tanh: "Tanh", Relu: "Relu", Softmax: "Softmax", Shape: "Shape" };
const BINARY = { Add: "Add", BiasAdd: "Add", Sub: "Sub", Mul: "Mul", RealDiv: "Div", Maximum: "Max", Less: "Less", Greater: "Greater" };
const REDUCTIONS = { Mean: "ReduceMean", Sum: "ReduceSum", Max: "ReduceMax", Prod: "ReduceProd" };

function dataFormat(attr) {
  return attr.data_format ? new TextDecoder().decode(Uint8Array.from(attr.data_format.s)) : "NHWC";
}

function tfDtype(attr, key) {
  const type = attr?.[key]?.type;
  const mapped = TF_DTYPES[type];
  if (mapped === undefined) throw new Error(`unsupported TensorFlow dtype ${type} in attribute ${key}`);
  return mapped;
}

/** TensorFlow tensor reference ("node", "node:0", "node:2") → [node, output index]. */
function parseRef(ref) {
  const match = /^(.*?)(?::(\d+))?$/.exec(ref);
  return [match[1], Number(match[2] ?? 0)];
}

function valueName(node, index) {
  return index === 0 ? node : `${node}:${index}`;
}

/**
 * @param {{ node: Array<{ name: string, op: string, input?: string[], attr?: Record<string, any> }> }} topology TF.js modelTopology
 * @param {(name: string) => { dtype: string, shape: number[], values: ArrayLike<number> }} constant value of a Const node
 * @param {{ inputs: Array<{ name: string, dtype: "float32" | "int64" }>, output: string }} io graph inputs (TF tensors fed
 *   directly, which cuts off whatever computes them) and the output tensor
 * @returns {Uint8Array} a serialized ONNX ModelProto
 */
export function tfGraphToOnnx(topology, constant, io) {
  const nodesByName = new Map(topology.node.map((n) => [n.name, n]));
  const fed = new Set(io.inputs.map((i) => i.name));
  const onnxNodes = [];
  const initializers = [];
  const emitted = new Set();
  let counter = 0;
  const fresh = (hint) => `${hint}/__onnx_${counter++}`;

  const attribute = (name, value) => {
    if (typeof value === "number") return { name, type: AttrType.INT, i: value };
    if (typeof value === "string") return { name, type: AttrType.STRING, s: new TextEncoder().encode(value) };
    if (Array.isArray(value)) return { name, type: AttrType.INTS, ints: value };
    if (value && value.dataType !== undefined) return { name, type: AttrType.TENSOR, t: value };
    throw new Error(`unsupported attribute value for ${name}`);
  };
  const materialised = new Set();
  /** Const nodes become initializers only when an ONNX node reads them (axes and perms become attributes). */
  const materialise = (name) => {
    const node = nodesByName.get(name);
    if (node?.op !== "Const" || materialised.has(name)) return;
    materialised.add(name);
    const c = constant(name);
    initializers.push(tensorProto(name, c.dtype === "float32" ? DataType.FLOAT : DataType.INT64, c.shape, c.values));
  };
  const emit = (opType, inputs, outputs, attrs = {}) => {
    inputs.forEach(materialise);
    onnxNodes.push({ opType, input: inputs, output: outputs, name: fresh(opType), attribute: Object.entries(attrs).map(([k, v]) => attribute(k, v)) });
    return outputs[0];
  };
  const tensorProto = (name, dataType, dims, values) => {
    const t = { name, dataType, dims };
    if (dataType === DataType.FLOAT) {
      // Weights arrive as Float32Array already (TF.js dataSync): viewed, not copied (27 MB in USE lite).
      const floats = values instanceof Float32Array ? values : Float32Array.from(values);
      t.rawData = new Uint8Array(floats.buffer, floats.byteOffset, floats.byteLength);
    } else if (dataType === DataType.INT64) t.rawData = new Uint8Array(BigInt64Array.from(values, (v) => BigInt(v)).buffer);
    else throw new Error(`unsupported initializer type ${dataType}`);
    return t;
  };
  const int64Const = (values, hint = "const") => {
    const name = fresh(hint);
    initializers.push(tensorProto(name, DataType.INT64, [values.length], values));
    return name;
  };
  /** The values of a Const input, for attributes that ONNX wants at build time (axes, perms, slices). */
  const constValues = (ref) => {
    const [name] = parseRef(ref);
    const node = nodesByName.get(name);
    if (node?.op !== "Const") throw new Error(`${name} must be a constant here, but is ${node?.op ?? "missing"}`);
    return Array.from(constant(name).values, Number);
  };

  const convert = (node) => {
    const inputs = (node.input ?? []).filter((i) => !i.startsWith("^")).map((ref) => valueName(...parseRef(ref)));
    const [x, y] = inputs;
    const out = node.name;
    const attr = node.attr ?? {};
    if (UNARY[node.op]) {
      emit(UNARY[node.op], [x], [out]);
      return;
    }
    if (BINARY[node.op]) {
      if (node.op === "BiasAdd" && dataFormat(attr) !== "NHWC") throw new Error(`${out}: BiasAdd must be NHWC`);
      emit(BINARY[node.op], [x, y], [out]);
      return;
    }
    switch (node.op) {
      case "Square":
        emit("Mul", [x, x], [out]);
        return;
      case "Rsqrt":
        emit("Reciprocal", [emit("Sqrt", [x], [fresh(out)])], [out]);
        return;
      case "Cast":
        emit("Cast", [x], [out], { to: tfDtype(attr, "DstT") });
        return;
      case "Reshape":
        emit("Reshape", [x, y], [out], { allowzero: 1 });
        return;
      case "ExpandDims":
        emit("Unsqueeze", [x, int64Const(constValues(node.input[1]))], [out]);
        return;
      case "Squeeze": {
        const dims = (attr.squeeze_dims?.list?.i ?? []).map(Number);
        emit("Squeeze", dims.length > 0 ? [x, int64Const(dims)] : [x], [out]);
        return;
      }
      case "Pack": {
        const axis = Number(attr.axis?.i ?? 0);
        const axes = int64Const([axis]);
        emit("Concat", inputs.map((i) => emit("Unsqueeze", [i, axes], [fresh(out)])), [out], { axis });
        return;
      }
      case "ConcatV2":
        emit("Concat", inputs.slice(0, -1), [out], { axis: constValues(node.input.at(-1))[0] });
        return;
      case "GatherV2":
        if (Number(attr.batch_dims?.i ?? 0) !== 0) throw new Error(`${out}: batch_dims is not supported`);
        emit("Gather", [x, y], [out], { axis: constValues(node.input[2])[0] });
        return;
      case "GatherNd":
        emit("GatherND", [x, y], [out]);
        return;
      case "ScatterNd": {
        const zeros = emit("ConstantOfShape", [inputs[2]], [fresh(out)], { value: tensorProto("zero", tfDtype(attr, "T"), [1], [0]) });
        emit("ScatterND", [zeros, x, y], [out]);
        return;
      }
      case "SparseToDense": {
        const [indices, shape, values, fill] = inputs;
        emit("ScatterND", [emit("Expand", [fill, shape], [fresh(out)]), indices, values], [out]);
        return;
      }
      case "Mean":
      case "Sum":
      case "Max":
      case "Prod": {
        const axes = constValues(node.input[1]);
        const keepdims = attr.keep_dims?.b ? 1 : 0;
        // ReduceSum takes its axes as an input since opset 13, the others only from opset 18.
        if (node.op === "Sum") emit("ReduceSum", [x, int64Const(axes)], [out], { keepdims });
        else emit(REDUCTIONS[node.op], [x], [out], { axes, keepdims });
        return;
      }
      case "Transpose":
        emit("Transpose", [x], [out], { perm: constValues(node.input[1]) });
        return;
      case "MatMul": {
        const a = attr.transpose_a?.b ? emit("Transpose", [x], [fresh(out)], { perm: [1, 0] }) : x;
        const b = attr.transpose_b?.b ? emit("Transpose", [y], [fresh(out)], { perm: [1, 0] }) : y;
        emit("MatMul", [a, b], [out]);
        return;
      }
      case "BatchMatMul":
      case "BatchMatMulV2": {
        // Einsum's ellipsis covers any number of batch dimensions without knowing the rank here.
        const left = attr.adj_x?.b ? "...ji" : "...ij";
        const right = attr.adj_y?.b ? "...kj" : "...jk";
        emit("Einsum", [x, y], [out], { equation: `${left},${right}->...ik` });
        return;
      }
      case "Conv2D": {
        // USE lite uses 1×1 convolutions as dense layers over [batch, tokens, 1, channels] (NHWC): the
        // same as a matrix product with the [channels, outputs] filter, which needs no layout change.
        const filter = constant(parseRef(node.input[1])[0]);
        const ones = (list) => (list?.list?.i ?? ["1", "1", "1", "1"]).every((v) => Number(v) === 1);
        if (filter.shape[0] !== 1 || filter.shape[1] !== 1 || !ones(attr.strides) || !ones(attr.dilations) || dataFormat(attr) !== "NHWC") throw new Error(`${out}: only 1×1 NHWC convolutions with unit strides are supported`);
        const weights = fresh(`${out}/kernel`);
        initializers.push(tensorProto(weights, DataType.FLOAT, [filter.shape[2], filter.shape[3]], filter.values));
        emit("MatMul", [x, weights], [out]);
        return;
      }
      case "StridedSlice":
        convertStridedSlice(node, x);
        return;
      case "Slice": {
        const begin = constValues(node.input[1]);
        const size = constValues(node.input[2]);
        const ends = size.map((s, i) => (s === -1 ? INT64_MAX : BigInt(begin[i] + s)));
        emit("Slice", [x, int64Const(begin), int64Const(ends), int64Const(begin.map((_, i) => i))], [out]);
        return;
      }
      case "SplitV": {
        const sizes = constValues(node.input[1]);
        if (sizes.includes(-1)) throw new Error(`${out}: SplitV with an inferred size is not supported`);
        const outputs = sizes.map((_, i) => valueName(out, i));
        emit("Split", [x, int64Const(sizes)], outputs, { axis: constValues(node.input[2])[0] });
        return;
      }
      case "Range":
        emit("Range", inputs, [out]);
        return;
      default:
        throw new Error(`TensorFlow op ${node.op} (${out}) has no ONNX conversion here`);
    }
  };

  const convertStridedSlice = (node, x) => {
    const attr = node.attr ?? {};
    const mask = (key) => Number(attr[key]?.i ?? 0);
    if (mask("ellipsis_mask") !== 0 || mask("new_axis_mask") !== 0) throw new Error(`${node.name}: ellipsis and new-axis masks are not supported`);
    const begin = constValues(node.input[1]);
    const end = constValues(node.input[2]);
    const strides = constValues(node.input[3]);
    const starts = [];
    const ends = [];
    const shrunk = [];
    begin.forEach((b, i) => {
      const bit = 1 << i;
      const forward = strides[i] > 0;
      if (mask("shrink_axis_mask") & bit) {
        starts.push(BigInt(b));
        ends.push(b === -1 ? INT64_MAX : BigInt(b + 1));
        shrunk.push(i);
        return;
      }
      starts.push(mask("begin_mask") & bit ? (forward ? 0n : INT64_MAX) : BigInt(b));
      ends.push(mask("end_mask") & bit ? (forward ? INT64_MAX : INT64_MIN) : BigInt(end[i]));
    });
    const axes = begin.map((_, i) => i);
    const sliced = emit("Slice", [x, int64Const(starts), int64Const(ends), int64Const(axes), int64Const(strides)], [shrunk.length > 0 ? fresh(node.name) : node.name]);
    if (shrunk.length > 0) emit("Squeeze", [sliced, int64Const(shrunk)], [node.name]);
  };

  // Depth-first from the output, stopping at fed tensors: only what the output needs is converted.
  const visit = (name) => {
    if (emitted.has(name) || fed.has(name)) return;
    emitted.add(name);
    const node = nodesByName.get(name);
    if (!node) throw new Error(`the graph has no node ${name}`);
    if (node.op === "Const") return;
    for (const ref of node.input ?? []) if (!ref.startsWith("^")) visit(parseRef(ref)[0]);
    convert(node);
  };
  visit(parseRef(io.output)[0]);

  const elemType = { float32: DataType.FLOAT, int64: DataType.INT64 };
  const valueInfo = (name, type) => ({ name, type: { tensorType: { elemType: type } } });
  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: "helpdesk-copilot tf-graph-to-onnx",
    opsetImport: [{ domain: "", version: OPSET }],
    graph: {
      name: "use-lite",
      node: onnxNodes,
      initializer: initializers,
      input: io.inputs.map((i) => valueInfo(i.name, elemType[i.dtype])),
      output: [valueInfo(io.output, DataType.FLOAT)],
    },
  });
  return onnx.ModelProto.encode(model).finish();
}
