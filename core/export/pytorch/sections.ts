import type { ProjectDocument } from '../../graph/document';
import { datasetKind } from '../../data/kinds/index';
import { pyLiteral } from '../../layers/torch';
import { parseDeviceSpec } from '../../runtime/deviceSpec';
import { torchDataset, type InputInfo } from './datasets';
import type { ModelSource } from './model';
import { optimizerSource } from './optimizers';
import { schedulerSource } from './schedules';
import { BATCHES_PY } from './py/batches';
import { DATA_PY } from './py/readers';
import { RNG_PY } from './py/rng';
import { RUNTIME_PY, TRAIN_PY, WEIGHTS_PY } from './py/train';

/** A part of the exported program: a stretch of the script, a titled cell of the notebook. */
export interface Section {
  title: string;
  /** One or two sentences for the notebook's markdown cell above the code. */
  intro: string;
  code: string;
}

export interface ExportContext {
  doc: ProjectDocument;
  model: ModelSource;
  /** Name of the weights index beside the script, e.g. `model.weights.json`. */
  weightsIndex: string;
  /** Where the weights came from, in words, e.g. "the initial weights `wiregrad train --seed 0` starts from". */
  weightsOrigin: string;
}

const SETUP = String.raw`
import argparse
import array
import collections
import csv
import gzip
import io
import json
import math
import os
import re
import struct
import sys
import time
import types

import torch
import torch.distributed as dist
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__)) if "__file__" in globals() else os.getcwd()


class ScriptError(Exception):
    """A problem with the data, the weights or the options; printed as one line, without a stack trace."""
`;

/** The project's device as the script's --device spells it (no CPU replicas: torchrun does that). */
function scriptDevice(device: string): string {
  const d = parseDeviceSpec(device);
  if (d.kind === 'cpu') return 'cpu';
  return d.ids === 'all' ? 'cuda:all' : `cuda:${d.ids.join(',')}`;
}

/** The project's normalisation: explicit values, the dataset kind's default, or "compute" (from the training split, as Wiregrad does). */
export function normalizeSetting(doc: ExportContext['doc']) {
  return doc.training.normalize ?? datasetKind(doc.training.dataset.kind).defaultNormalize;
}

/** training.augment as the script's AUGMENT: every augmentation with its parameters, null when off. */
function augmentSetting(doc: ExportContext['doc']) {
  const a = doc.training.augment;
  return {
    hflip: a.hflip,
    rotation: a.rotation,
    random_crop: a.random_crop ?? null,
    random_resized_crop: a.random_resized_crop ?? null,
    color_jitter: a.color_jitter ?? null,
    random_erasing: a.random_erasing ?? null,
  };
}

function settings(ctx: ExportContext): string {
  const t = ctx.doc.training;
  const ds = torchDataset(t.dataset);
  const normalize = normalizeSetting(ctx.doc);
  return [
    `PROJECT = ${pyLiteral(ctx.doc.name)}`,
    `INPUT_SHAPE = ${pyLiteral(inputShape(ctx))}  # one sample, channels first`,
    `EPOCHS = ${t.epochs}`,
    `BATCH_SIZE = ${t.batch_size}  # the global batch: torchrun processes split it`,
    `SEED = ${t.seed}`,
    `SHUFFLE = ${pyLiteral(t.shuffle)}`,
    `DEVICE = ${pyLiteral(scriptDevice(t.device))}`,
    `VALIDATION_SPLIT = ${pyLiteral(t.validation_split)}  # held out from the end of the training file`,
    `NORMALIZE = ${pyLiteral(normalize)}  # per channel, after scaling pixels to [0, 1]${normalize === 'compute' ? '; "compute": mean/std of the training split' : ''}`,
    `AUGMENT = ${pyLiteral(augmentSetting(ctx.doc))}  # as training.augment spells it; see Transform`,
    `CLASSIFICATION = ${pyLiteral(ctx.model.classification)}  # accuracy = argmax of the scores == label`,
    `WEIGHTS = os.path.join(HERE, ${pyLiteral(ctx.weightsIndex)})  # ${ctx.weightsOrigin}`,
    `DATA_HELP = ${pyLiteral(ds.dataHelp(t.dataset as never))}`,
  ].join('\n');
}

function inputNode(ctx: ExportContext) {
  return ctx.doc.nodes.find((n) => n.type === 'Input')!;
}

function inputShape(ctx: ExportContext): number[] {
  return [...(inputNode(ctx).params.shape as number[])];
}

function inputInfo(ctx: ExportContext): InputInfo {
  const target = inputNode(ctx).params.target_shape;
  return { shape: inputShape(ctx), targetShape: Array.isArray(target) && target.length ? [...(target as number[])] : null };
}

function modelCode(m: ModelSource): string {
  const correct = m.classification
    ? ['def count_correct(logits, y):', '    # class probabilities (float [N, C] targets): the most likely class is the label', '    labels = y.argmax(1) if y.is_floating_point() else y', '    return int((logits.argmax(1) == labels).sum())']
    : ['def count_correct(logits, y):', '    return None  # not a classification loss'];
  return [m.code, '', '', 'def build_model():', `    return ${m.className}()`, '', '', m.loss, '', '', ...correct].join('\n');
}

/** The sections shared by the script and the notebook, in order. */
export function sections(ctx: ExportContext): Section[] {
  const t = ctx.doc.training;
  const ds = torchDataset(t.dataset);
  const unused = ctx.model.unused.length ? ` Nodes whose output reaches no loss are left out: ${ctx.model.unused.join(', ')}.` : '';
  return [
    { title: 'Setup', intro: 'Only PyTorch is needed (plus matplotlib for the plot in the notebook).', code: SETUP.trim() },
    { title: 'Settings', intro: 'The project\'s training section; the command line (or default_options in the notebook) overrides some of it.', code: settings(ctx) },
    {
      title: 'Model',
      intro: `One attribute per canvas node, named after it; forward() follows the edges.${unused}`,
      code: modelCode(ctx.model),
    },
    {
      title: 'Weights',
      intro: `Training starts from ${ctx.weightsOrigin}: \`${ctx.weightsIndex}\` indexes the raw float32 values beside it.`,
      code: WEIGHTS_PY.trim(),
    },
    {
      title: 'Data',
      intro: 'The dataset, its normalisation and augmentation, and the batch order, all as Wiregrad computes them.',
      code: [DATA_PY, RNG_PY, ...ds.readers, ds.loader(t.dataset as never, inputInfo(ctx)), BATCHES_PY].map((s) => s.trim()).join('\n\n\n'),
    },
    {
      title: 'Optimizer',
      intro: 'torch.optim with the project\'s hyper-parameters, its learning-rate schedule (torch.optim.lr_scheduler) and gradient clipping.',
      code: [optimizerSource(t.optimizer), schedulerSource(t.schedule), `CLIP_GRAD_NORM = ${t.clip_grad_norm ? pyLiteral(t.clip_grad_norm) : 'None'}  # clip_grad_norm_ of all gradients before each update; None: no clipping`].join('\n\n\n'),
    },
    {
      title: 'Training',
      intro: 'The loop of `wiregrad train`: per-step losses, an evaluation per epoch, the same metrics records; DataParallel or DistributedDataParallel where they apply.',
      code: [RUNTIME_PY, TRAIN_PY].map((s) => s.trim()).join('\n\n\n'),
    },
  ];
}
