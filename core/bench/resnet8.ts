import { DOCUMENT_VERSION, defaultTraining, type DocEdge, type DocNode, type ParamValue, type ProjectDocument } from '../graph/document';

/**
 * ResNet-8 for 32×32 CIFAR images, written flat (no blocks): a 16-channel stem, three
 * residual blocks of two 3×3 convolutions (16, 32 and 64 channels; the last two stride 2
 * with a 1×1 strided projection on the shortcut), global average pooling and a Linear head.
 * Every convolution is followed by BatchNorm2d, so none has a bias, as in torchvision's
 * ResNets. scripts/pytorch/bench.py builds the same network in PyTorch (`ResNet8`).
 */
export function resnet8(): ProjectDocument {
  const nodes: DocNode[] = [];
  const edges: DocEdge[] = [];
  const add = (id: string, type: string, params: Record<string, ParamValue>, from: string[]): string => {
    nodes.push({ id, type, params, position: { x: 220 * nodes.length, y: 0 } });
    from.forEach((src, i) => {
      const [node, port] = src.split(':');
      edges.push({ id: `e${edges.length}`, from: { node, port: port ?? 'out' }, to: { node: id, port: from.length > 1 ? `in${i}` : 'in' } });
    });
    return id;
  };
  const convBn = (id: string, from: string, out: number, stride: number, k = 3): string =>
    add(`${id}_bn`, 'BatchNorm2d', {}, [add(id, 'Conv2d', { out_channels: out, kernel_size: k, stride, padding: k === 3 ? 1 : 0, bias: false }, [from])]);
  const block = (id: string, from: string, out: number, stride: number): string => {
    const a = add(`${id}_relu1`, 'ReLU', {}, [convBn(`${id}_conv1`, from, out, stride)]);
    const b = convBn(`${id}_conv2`, a, out, 1);
    const shortcut = stride === 1 ? from : convBn(`${id}_down`, from, out, stride, 1);
    return add(`${id}_relu2`, 'ReLU', {}, [add(`${id}_add`, 'Add', {}, [b, shortcut])]);
  };
  add('input', 'Input', { shape: [3, 32, 32] }, []);
  const stem = add('stem_relu', 'ReLU', {}, [convBn('stem', 'input:x', 16, 1)]);
  const x = block('res3', block('res2', block('res1', stem, 16, 1), 32, 2), 64, 2);
  const head = add('fc', 'Linear', { out_features: 10 }, [add('flat', 'Flatten', {}, [add('pool', 'AdaptiveAvgPool2d', { output_size: 1 }, [x])])]);
  add('loss', 'CrossEntropyLoss', {}, []);
  edges.push({ id: 'e_logits', from: { node: head, port: 'out' }, to: { node: 'loss', port: 'input' } }, { id: 'e_labels', from: { node: 'input', port: 'y' }, to: { node: 'loss', port: 'target' } });
  return {
    version: DOCUMENT_VERSION,
    name: 'ResNet-8',
    nodes,
    edges,
    training: { ...defaultTraining(), dataset: { kind: 'random', samples: 2048, classes: 10 }, optimizer: { type: 'sgd', lr: 0.01, momentum: 0, dampening: 0, nesterov: false, weight_decay: 0 } },
  };
}
