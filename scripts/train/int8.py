"""Integer versions of exported graphs: int8 weights (one scale per output channel) and uint8
activations (one scale per tensor, ranges measured on training drawings), in ONNX's
QuantizeLinear/DequantizeLinear form. ONNX Runtime fuses each Conv and Gemm with the pairs around
it into integer kernels, which take well under half the time of float ones at batch 1, so two or
three networks fit in the time one float network takes. The convolutions of the one-channel input
are the exception: they run faster in float, on the same int8 weight steps.

Also a small reader of these graphs in PyTorch (`run_graph`): it gives the logits of the graph as
it is stored, integer steps included, so temperatures and card figures are the served graph's.
"""
import hashlib
from dataclasses import dataclass

import numpy as np
import onnx
import torch
import torch.nn.functional as F
from onnx import helper, numpy_helper

from train import DEFAULT_RANGES, MEAN, STD, VALIDATION, accuracy_of, augment, negatives, read_idx, test_set, to_tensor, to_unit

# Ranges are cut at this percentile of each tensor's values: the rare largest activations would
# otherwise stretch the 255 steps that every other value shares.
RANGE_PERCENTILE = 99.999
SAMPLED_VALUES = 2_000_000
# Weights use 7 of int8's 8 bits. x86 processors without VNNI multiply uint8 activations by int8
# weights in pairs summed into int16 (vpmaddubsw), which saturates when both products are large:
# 2 x 255 x 127 overflows, 2 x 255 x 63 does not. With full-range weights, ONNX Runtime on such a
# processor reads another graph than the one the card was measured on.
WEIGHT_STEPS = 63


def is_int8(path):
    """Whether a stored graph is already an integer one."""
    return any(node.op_type == "QuantizeLinear" for node in onnx.load(path).graph.node)


def calibration_drawings(seed=7, plain=3000, varied=3000, not_digits=1000):
    """What the ranges are measured on, normalised as the network reads it: training digits as they
    are, the same varied as training varies them, and not-a-digit drawings. Never the validation
    split or the test set."""
    gen = torch.Generator().manual_seed(seed)
    images = read_idx("train-images-idx3-ubyte")[:-VALIDATION]
    order = torch.randperm(len(images), generator=gen)
    x = to_unit(images[order[:plain + varied].numpy()])
    return torch.cat([(x[:plain] - MEAN) / STD, augment(x[plain:], gen, 0.1, True, DEFAULT_RANGES),
                      negatives(x[:not_digits], gen, not_digits, place=True)])


def _attributes(node):
    return {a.name: helper.get_attribute_value(a) for a in node.attribute}


def _per_axis(value, like, axis):
    """A per-channel scale or zero point shaped to broadcast along `axis` of `like`."""
    if value.dim() == 0:
        return value
    shape = [1] * like.dim()
    shape[axis] = -1
    return value.view(shape)


def dequantize(quantized, scale, zero_point, axis=1):
    """DequantizeLinear's arithmetic: (quantized - zero point) x scale, per tensor or along `axis`."""
    return quantized.to(torch.float32, copy=True).sub_(_per_axis(zero_point.float(), quantized, axis)).mul_(_per_axis(scale, quantized, axis))


def run_graph(model, x, keep=()):
    """Runs a stored graph (float or integer) on `x` in PyTorch; returns its outputs in order and
    the values of the tensors named in `keep`."""
    values = {t.name: torch.from_numpy(numpy_helper.to_array(t).copy()) for t in model.graph.initializer}
    values[model.graph.input[0].name] = x
    kept = {}
    read_back = set()  # QuantizeLinear outputs held as the values their DequantizeLinear gives
    on_grid = {}  # tensors whose values already lie on a uint8 grid: name -> (scale, zero point)
    for node in model.graph.node:
        a = _attributes(node)
        i = [values[name] if name else None for name in node.input]
        op = node.op_type
        if op == "Conv":
            y = F.conv2d(i[0], i[1], i[2] if len(i) > 2 else None, stride=a.get("strides", [1, 1]), padding=a.get("pads", [0, 0])[:2],
                         groups=a.get("group", 1))
        elif op == "Relu":
            y = F.relu(i[0])
        elif op in ("MaxPool", "Flatten"):
            y = F.max_pool2d(i[0], a["kernel_shape"], a.get("strides")) if op == "MaxPool" else i[0].flatten(a.get("axis", 1))
            if node.input[0] in on_grid:
                on_grid[node.output[0]] = on_grid[node.input[0]]
        elif op == "Gemm":
            y = i[0] @ (i[1].t() if a.get("transB", 0) else i[1]) + (i[2] if len(i) > 2 else 0)
        elif op == "LogSoftmax":
            y = F.log_softmax(i[0], a.get("axis", -1))
        elif op == "Constant":
            y = torch.from_numpy(numpy_helper.to_array(a["value"]).copy())
        elif op == "Unsqueeze":
            y = i[0]
            for axis in sorted(i[1].tolist() if len(i) > 1 else a["axes"]):
                y = y.unsqueeze(axis)
        elif op == "Concat":
            y = torch.cat(i, a["axis"])
        elif op in ("ReduceMean", "ReduceMax"):
            reduce = i[0].mean if op == "ReduceMean" else i[0].amax
            y = reduce(dim=a["axes"], keepdim=bool(a.get("keepdims", 1)))
        elif op in ("Div", "Sub"):
            y = i[0] / i[1] if op == "Div" else i[0] - i[1]
        elif op in ("Exp", "Log"):
            y = i[0].exp() if op == "Exp" else i[0].log()
        elif op == "Clip":
            y = i[0].clamp(min=i[1] if len(i) > 1 else None, max=i[2] if len(i) > 2 else None)
        elif op == "QuantizeLinear" and i[1].dim() == 0 and i[2].dtype == torch.uint8:
            # Read back through DequantizeLinear at once (the graphs here always do): one fused pass,
            # and none where the values are on this grid already (a pool or flattening of them).
            grid = (float(i[1]), int(i[2]))
            y = i[0] if on_grid.get(node.input[0]) == grid else torch.fake_quantize_per_tensor_affine(i[0], *grid, 0, 255)
            read_back.add(node.output[0])
            on_grid[node.output[0]] = grid
        elif op == "DequantizeLinear" and node.input[0] in read_back:
            y = i[0]
            on_grid[node.output[0]] = on_grid[node.input[0]]
        elif op == "Cast" and node.input[0] in read_back:
            # The stored uint8 steps themselves, as float (the input's convolutions read them).
            scale, zero_point = on_grid[node.input[0]]
            y = (i[0] / scale).round_().add_(zero_point)
        elif op == "QuantizeLinear":
            axis = a.get("axis", 1)
            low, high = (0, 255) if i[2].dtype == torch.uint8 else (-128, 127)
            y = torch.div(i[0], _per_axis(i[1], i[0], axis)).round_().add_(_per_axis(i[2].float(), i[0], axis)).clamp_(low, high)
        elif op == "DequantizeLinear":
            y = dequantize(i[0], i[1], i[2], a.get("axis", 1))
        else:
            raise SystemExit(f"run_graph: no {op} (a graph this project does not export)")
        values[node.output[0]] = y
        if node.output[0] in keep:
            kept[node.output[0]] = y
    return [values[o.name] for o in model.graph.output], kept


# Small batches: the integer steps add several passes over each activation, and at this size they
# stay in cache instead of going out to memory.
BATCH = 100


def graph_logits(model, x):
    """The first output of a stored graph, in batches."""
    with torch.no_grad():
        return torch.cat([run_graph(model, x[i:i + BATCH])[0][0] for i in range(0, len(x), BATCH)])


def _activation_ranges(model, drawings, names):
    """The RANGE_PERCENTILE-th value of each named tensor over the calibration drawings."""
    gen = torch.Generator().manual_seed(0)
    samples = {name: [] for name in names}
    with torch.no_grad():
        for start in range(0, len(drawings), BATCH):
            _, kept = run_graph(model, drawings[start:start + BATCH], keep=set(names))
            for name, value in kept.items():
                flat = value.flatten()
                take = max(1, SAMPLED_VALUES * len(value) // len(drawings))
                samples[name].append(flat[torch.randint(0, len(flat), (min(take, len(flat)),), generator=gen)])
    return {name: float(np.percentile(torch.cat(parts).numpy(), RANGE_PERCENTILE)) for name, parts in samples.items()}


def quantize(model, drawings):
    """The integer version of a float graph exported by train.py or ensemble.py (a new ModelProto).

    Each Conv and Gemm reads its input through a QuantizeLinear/DequantizeLinear pair and its
    weights and bias through DequantizeLinear; each ReLU's output, and the pools and flattening
    that follow, are quantized again, which ONNX Runtime folds into the integer kernels. The input's
    range keeps the card's normalisation, its zero point the background's level; the convolutions
    that read it then run in float on their integer steps (`with_float_input`)."""
    graph = model.graph
    initial = {t.name: numpy_helper.to_array(t) for t in graph.initializer}
    relus = [node.output[0] for node in graph.node if node.op_type == "Relu"]
    ranges = _activation_ranges(model, drawings, relus)

    nodes, weights = [], []
    scales = {}  # a quantized tensor's float name -> its scale

    def constant(name, array):
        weights.append(numpy_helper.from_array(np.asarray(array), name))
        return name

    def quantized(tensor, scale, zero_point):
        """`tensor` read through a uint8 QuantizeLinear/DequantizeLinear pair; the name to read instead."""
        s, z = constant(f"{tensor}_scale", np.float32(scale)), constant(f"{tensor}_zero_point", np.uint8(zero_point))
        nodes.append(helper.make_node("QuantizeLinear", [tensor, s, z], [f"{tensor}_quantized"]))
        nodes.append(helper.make_node("DequantizeLinear", [f"{tensor}_quantized", s, z], [f"{tensor}_dequantized"]))
        scales[f"{tensor}_dequantized"] = scale
        return f"{tensor}_dequantized"

    source = graph.input[0].name
    # Input pixels are 0..1 in 1/255 steps, normalised: one step per level, the background at zero point.
    read_as = {source: quantized(source, 1 / (255 * STD), round(MEAN * 255))}
    for node in graph.node:
        inputs = [read_as.get(name, name) for name in node.input]
        out = node.output[0]
        if node.op_type in ("Conv", "Gemm"):
            if inputs[0] not in scales:
                raise SystemExit(f"quantize: {node.op_type} {node.name} reads a tensor with no range")
            weight = initial[node.input[1]].astype(np.float32)
            bias = initial[node.input[2]].astype(np.float32) if len(node.input) > 2 else np.zeros(weight.shape[0], np.float32)
            if node.op_type == "Gemm" and not _attributes(node).get("transB", 0):
                raise SystemExit("quantize: a Gemm without transB (one output per row of its weights is assumed)")
            # Symmetric per output channel within +-WEIGHT_STEPS, zero point 0; the bias in int32 at input x weight scale.
            weight_scale = np.maximum(np.abs(weight.reshape(weight.shape[0], -1)).max(1), 1e-12).astype(np.float32) / WEIGHT_STEPS
            shape = (-1,) + (1,) * (weight.ndim - 1)
            weight_q = np.clip(np.round(weight / weight_scale.reshape(shape)), -WEIGHT_STEPS, WEIGHT_STEPS).astype(np.int8)
            bias_scale = (scales[inputs[0]] * weight_scale).astype(np.float32)
            bias_q = np.round(bias / bias_scale).astype(np.int32)
            w, b = f"{out}_weight", f"{out}_bias"
            nodes.append(helper.make_node("DequantizeLinear", [constant(f"{w}_quantized", weight_q), constant(f"{w}_scale", weight_scale),
                                                               constant(f"{w}_zero_point", np.zeros(weight.shape[0], np.int8))], [w], axis=0))
            nodes.append(helper.make_node("DequantizeLinear", [constant(f"{b}_quantized", bias_q), constant(f"{b}_scale", bias_scale),
                                                               constant(f"{b}_zero_point", np.zeros(weight.shape[0], np.int32))], [b], axis=0))
            nodes.append(helper.make_node(node.op_type, [inputs[0], w, b], [out], name=node.name, **_attributes(node)))
        elif node.op_type == "Relu":
            nodes.append(helper.make_node("Relu", inputs, [out], name=node.name))
            read_as[out] = quantized(out, max(ranges[out], 1e-6) / 255, 0)
        elif node.op_type in ("MaxPool", "Flatten") and inputs[0] in scales:
            # The largest value and a reshape keep the scale they read.
            nodes.append(helper.make_node(node.op_type, inputs, [out], name=node.name, **_attributes(node)))
            read_as[out] = quantized(out, scales[inputs[0]], 0)
        else:
            nodes.append(helper.make_node(node.op_type, inputs, list(node.output), name=node.name, **_attributes(node)))
    used = {name for node in nodes for name in node.input}
    kept = [t for t in graph.initializer if t.name in used and t.name not in {w.name for w in weights}]
    new_graph = helper.make_graph(nodes, graph.name, list(graph.input), list(graph.output), kept + weights)
    result = helper.make_model(new_graph, opset_imports=list(model.opset_import), ir_version=model.ir_version,
                               producer_name="digits int8.py")
    result = with_float_input(result)
    onnx.checker.check_model(result)
    return result


def with_float_input(model):
    """The integer graph with the convolutions of its one-channel input run in float. With one input
    channel their dot products are nine long, too short for the integer kernels' wide instructions:
    ONNX Runtime runs them faster in float. They work on whole numbers, the input's integer steps
    (zero point taken off), the int8 weights and the int32 bias as stored, so every product and
    sum is an exact integer in float32 whatever order a library adds them in, and ONNX Runtime and
    `run_graph` agree to the bit. The scales come in where the output is quantized: one per channel,
    the output's scale over the channel's weight and input scales."""
    graph = model.graph
    source = graph.input[0].name
    quantize_input = next((n for n in graph.node if n.op_type == "QuantizeLinear" and n.input[0] == source), None)
    if quantize_input is None:
        return model
    read_back = next(n for n in graph.node if n.op_type == "DequantizeLinear" and n.input[0] == quantize_input.output[0])
    readers = [n for n in graph.node if read_back.output[0] in n.input]
    if any(n.op_type != "Conv" for n in readers):
        return model
    initial = {t.name: numpy_helper.to_array(t) for t in graph.initializer}
    makers = {n.output[0]: n for n in graph.node}
    after = {name: n for n in graph.node for name in n.input if name}
    steps = f"{source}_steps"
    added = [numpy_helper.from_array(initial[quantize_input.input[2]].astype(np.float32), f"{steps}_zero_point")]
    nodes = []
    dropped = {read_back.output[0]}
    for conv in readers:
        conv.input[0] = steps
        weight, bias = makers[conv.input[1]], makers[conv.input[2]]
        for name, maker in ((conv.input[1], weight), (conv.input[2], bias)):
            added.append(numpy_helper.from_array(initial[maker.input[0]].astype(np.float32), f"{name}_steps"))
            dropped.add(name)
        conv.input[1], conv.input[2] = f"{conv.input[1]}_steps", f"{conv.input[2]}_steps"
        relu = after[conv.output[0]]
        requantize = after[relu.output[0]]
        if relu.op_type != "Relu" or requantize.op_type != "QuantizeLinear":
            raise SystemExit(f"with_float_input: {conv.name} is not followed by a ReLU and its quantization")
        # Whole numbers x bias scale (input scale x weight scale) give the real value; over the output's scale, its step.
        channel_scale = (initial[requantize.input[1]] / initial[bias.input[1]]).astype(np.float32)
        name = f"{relu.output[0]}_per_channel"
        added += [numpy_helper.from_array(channel_scale, f"{name}_scale"),
                  numpy_helper.from_array(np.zeros(len(channel_scale), np.uint8), f"{name}_zero_point")]
        requantize.input[1], requantize.input[2] = f"{name}_scale", f"{name}_zero_point"
        del requantize.attribute[:]
        requantize.attribute.append(helper.make_attribute("axis", 1))
    for node in graph.node:
        if node.output[0] in dropped:
            continue
        nodes.append(node)
        if node.output[0] == quantize_input.output[0]:
            # Cast and subtract, not DequantizeLinear: ONNX Runtime would take a DequantizeLinear before
            # a float Conv as a cue to quantize its weights again, on steps of its own.
            nodes.append(helper.make_node("Cast", [quantize_input.output[0]], [f"{steps}_unsigned"], to=onnx.TensorProto.FLOAT))
            nodes.append(helper.make_node("Sub", [f"{steps}_unsigned", f"{steps}_zero_point"], [steps]))
    used = {name for node in nodes for name in node.input}
    kept = [t for t in graph.initializer if t.name in used]
    new_graph = helper.make_graph(nodes, graph.name, list(graph.input), list(graph.output), kept + added)
    return helper.make_model(new_graph, opset_imports=list(model.opset_import), ir_version=model.ir_version, producer_name=model.producer_name)


def quantize_file(path, drawings):
    """Replaces the float graph at `path` by its integer version; returns the new graph, its sha256
    and the float graph's, for the card."""
    with open(path, "rb") as f:
        float_sha256 = hashlib.sha256(f.read()).hexdigest()
    model = quantize(onnx.load(path), drawings)
    onnx.save(model, path)
    with open(path, "rb") as f:
        return model, hashlib.sha256(f.read()).hexdigest(), float_sha256


def quantization_card(drawings):
    """The card's description of how a graph was quantized."""
    return {
        "weights": f"int8 within +-{WEIGHT_STEPS} (7 bits, so processors without VNNI do not saturate), symmetric, one scale per output channel",
        "activations": f"uint8, one scale per tensor: the {RANGE_PERCENTILE}th percentile of its values over {len(drawings):,} training "
                       "drawings (MNIST training digits as they are and varied as in training, and not-a-digit drawings)",
        "format": "ONNX QuantizeLinear/DequantizeLinear pairs, fused into integer kernels by ONNX Runtime; the convolutions of the one-channel input in float on whole numbers (the input's uint8 and the weights' int8 steps), scaled per channel where their output is quantized",
    }


@dataclass
class Quantized:
    """An integer graph's identity as written, and what it reads as stored (what ONNX Runtime serves)."""
    sha256: str
    float_sha256: str
    val_logits: torch.Tensor
    test_accuracy: float
    test_total: int


def quantize_and_read(path, drawings, x_val):
    """Replaces the float graph at `path` by its integer version and reads that on the validation
    split (logits, for its temperature) and on the test set (read once, for its card)."""
    graph, sha256, float_sha256 = quantize_file(path, drawings)
    x_test, y_test = test_set()
    return Quantized(sha256, float_sha256, graph_logits(graph, x_val), accuracy_of(graph_logits(graph, x_test), y_test), len(y_test))
