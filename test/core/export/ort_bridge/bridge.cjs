// onnxruntime-node behind the test stand-in onnxruntime.py: one JSON line per run() in, one out.
const ort = require('onnxruntime-node');
const readline = require('node:readline');

(async () => {
  const session = await ort.InferenceSession.create(process.argv[2], { intraOpNumThreads: 1 });
  process.stdout.write(JSON.stringify(session.outputNames) + '\n');
  for await (const line of readline.createInterface({ input: process.stdin })) {
    const { names, feeds } = JSON.parse(line);
    const tensors = {};
    for (const [name, f] of Object.entries(feeds)) {
      const b = Buffer.from(f.data, 'base64');
      const ab = b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength);
      tensors[name] = f.dtype === 'int64' ? new ort.Tensor('int64', new BigInt64Array(ab), f.shape) : new ort.Tensor('float32', new Float32Array(ab), f.shape);
    }
    const out = await session.run(tensors);
    const reply = {};
    for (const n of names) {
      const d = out[n].data;
      reply[n] = { dtype: out[n].type, shape: out[n].dims, data: Buffer.from(d.buffer, d.byteOffset, d.byteLength).toString('base64') };
    }
    process.stdout.write(JSON.stringify(reply) + '\n');
  }
})();
