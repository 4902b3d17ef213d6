"""Rebuild a trained network, a DigitNet or an Ensemble of them, from what a model folder holds:
its PyTorch weights, or its ONNX graph, float or integer (python3-onnx reads it), when the card
names no weights."""
import json
import os

import torch
import torch.nn as nn

from train import DigitNet, Ensemble, architecture_of


def model_from_folder(folder):
    """A model folder's network (in eval mode) and its card."""
    with open(os.path.join(folder, "model-card.json")) as f:
        card = json.load(f)
    weights = card.get("weights") and os.path.join(folder, card["weights"])
    if weights and os.path.exists(weights):
        model = model_from_state(torch.load(weights))
    else:
        model = model_from_onnx(os.path.join(folder, card["file"]))
    model.eval()
    return with_doubt_source(model, card), card


def with_doubt_source(model, card):
    """An ensemble whose not-a-digit output is one member's doubt gets it back from its card: the
    graph holds it only as arithmetic on that member's logits, and the weights not at all."""
    source = card.get("notADigitOutput") or {}
    if isinstance(model, Ensemble) and "fromMember" in source:
        model.doubt_from = (source["fromMember"], source["memberTemperature"])
    return model


def networks_of(folders):
    """The networks in `folders` as one model in eval mode (an Ensemble when there are several:
    the mean of their log-probabilities), and their cards in the same order."""
    loaded = [model_from_folder(folder) for folder in folders]
    members = [model for model, _ in loaded]
    model = members[0] if len(members) == 1 else Ensemble(members)
    model.eval()
    return model, [card for _, card in loaded]


def model_from_state(state):
    """The network a state dict saved by train.py, ensemble.py or fine_tune.py belongs to."""
    if not any(key.startswith("members.") for key in state):
        return _digit_net(state)
    count = 1 + max(int(key.split(".")[1]) for key in state if key.startswith("members."))
    members = [_digit_net({key.split(".", 2)[2]: value for key, value in state.items() if key.startswith(f"members.{i}.")}) for i in range(count)]
    return Ensemble(members)


def _digit_net(state):
    convs = sorted((int(key.split(".")[1]), value.shape[0]) for key, value in state.items() if key.startswith("features.") and key.endswith(".0.weight"))
    model = DigitNet(architecture_of([width for _, width in convs]), doubt_head="doubt.weight" in state)
    model.load_state_dict(state)
    return model


def model_from_onnx(path):
    """The network an exported graph holds. Each member's Convs carry their folded weights and
    biases (batch norm becomes the identity plus that bias), then come its Gemms: the ten digit
    outputs, and the not-a-digit output's one when it has it. Members follow each other in the
    graph, so a graph with k ten-output Gemms is an ensemble of k equal members."""
    import onnx
    from onnx import numpy_helper

    from int8 import dequantize

    graph = onnx.load(path).graph
    values = {t.name: torch.from_numpy(numpy_helper.to_array(t).copy()) for t in graph.initializer}
    # An integer graph (int8.py) reads its weights and biases through DequantizeLinear: rebuilt
    # from those, the float network starts where the integer one stands.
    for node in graph.node:
        # Members with equal weights share one initializer, which the exporter passes on by Identity.
        if node.op_type == "Identity" and node.input[0] in values:
            values[node.output[0]] = values[node.input[0]]
        elif node.op_type == "DequantizeLinear" and all(name in values for name in node.input):
            axis = next((a.i for a in node.attribute if a.name == "axis"), 1)
            values[node.output[0]] = dequantize(*(values[name] for name in node.input), axis)
    convs = [n for n in graph.node if n.op_type == "Conv"]
    gemms = [n for n in graph.node if n.op_type in ("Gemm", "MatMul")]
    _rescale_whole_number_convolutions(graph, convs, values)

    def dense(node):
        weight = values[node.input[1]]
        trans_b = next((a.i for a in node.attribute if a.name == "transB"), 0)
        return (weight if trans_b else weight.t()), values[node.input[2]]

    # Each member's Gemms: its ten digit outputs, then its not-a-digit output if any.
    per_member = []
    for node in gemms:
        weight, bias = dense(node)
        if weight.shape[0] == 10:
            per_member.append({"dense": (weight, bias)})
        elif per_member and "doubt" not in per_member[-1]:
            per_member[-1]["doubt"] = (weight, bias)
        else:
            raise SystemExit(f"{path}: a Gemm with {weight.shape[0]} outputs where a member's not-a-digit output cannot be")
    if not per_member or len(convs) % len(per_member) != 0:
        raise SystemExit(f"{path}: {len(convs)} Conv nodes and {len(per_member)} digit layers do not make equal members")
    size = len(convs) // len(per_member)
    members = [_from_layers(convs[i * size:(i + 1) * size], layers, values, path) for i, layers in enumerate(per_member)]
    return members[0] if len(members) == 1 else Ensemble(members)


def _rescale_whole_number_convolutions(graph, convs, values):
    """An integer graph's convolutions of its input run on whole numbers (int8.with_float_input):
    the input's steps, the weights' and the bias's. Their real weights and bias come back through
    the scales around them: the input's, and the per-channel one their output is quantized with
    (the output's scale over the bias's)."""
    makers = {n.output[0]: n for n in graph.node}
    readers = {name: n for n in graph.node for name in n.input if name}
    quantize_input = next((n for n in graph.node if n.op_type == "QuantizeLinear" and n.input[0] == graph.input[0].name), None)
    for conv in convs:
        steps = makers.get(conv.input[0])
        if quantize_input is None or steps is None or steps.op_type != "Sub":
            continue
        requantize = readers[readers[conv.output[0]].output[0]]
        read_back = readers[requantize.output[0]]
        bias_scale = values[read_back.input[1]] / values[requantize.input[1]]
        input_scale = values[quantize_input.input[1]]
        values[conv.input[1]] = values[conv.input[1]] * (bias_scale / input_scale).view(-1, 1, 1, 1)
        values[conv.input[2]] = values[conv.input[2]] * bias_scale


def _from_layers(convs, layers, values, path):
    model = DigitNet(architecture_of([values[node.input[1]].shape[0] for node in convs]), doubt_head="doubt" in layers)
    state = model.state_dict()
    blocks = [m for m in model.features if isinstance(m, nn.Sequential)]
    if len(convs) != len(blocks):
        raise SystemExit(f"{path}: expected {len(blocks)} Conv nodes per member, found {len(convs)}")
    for node, block in zip(convs, blocks):
        index = list(model.features).index(block)
        conv, norm = f"features.{index}.0", f"features.{index}.1"
        state[f"{conv}.weight"] = values[node.input[1]]
        # The folded bias becomes batch norm's shift; its statistics become the identity.
        bias = values[node.input[2]] if len(node.input) > 2 else torch.zeros(block[0].out_channels)
        state[f"{norm}.weight"] = torch.ones_like(bias)
        state[f"{norm}.bias"] = bias
        state[f"{norm}.running_mean"] = torch.zeros_like(bias)
        state[f"{norm}.running_var"] = torch.ones_like(bias) - block[1].eps
    for layer, (weight, bias) in layers.items():
        state[f"{layer}.weight"] = weight
        state[f"{layer}.bias"] = bias
    model.load_state_dict(state)
    return model
