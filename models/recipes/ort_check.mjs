// Runs each stage fixture through onnxruntime-node and prints {stage: max abs error vs torch} as JSON.
import fs from 'node:fs';
import path from 'node:path';
import ort from 'onnxruntime-node';

const bundle = process.argv[2];
const stages = ['clip_text', 'clip_image', 'prior', 'decoder', 'upsampler1', 'upsampler2'];
const toTensor = (t) => {
  const buf = Buffer.from(t.b64, 'base64');
  const ab = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
  const data = t.dtype === 'int64' ? new BigInt64Array(ab) : new Float32Array(ab);
  return new ort.Tensor(t.dtype, data, t.dims);
};
const result = {};
for (const s of stages) {
  const fx = JSON.parse(fs.readFileSync(path.join(bundle, 'fixtures', `stage_${s}.json`), 'utf8'));
  const sess = await ort.InferenceSession.create(path.join(bundle, `${s}.onnx`), { intraOpNumThreads: 1 });
  const feeds = {};
  for (const [k, v] of Object.entries(fx.tensors)) if (k.startsWith('in.')) feeds[k.slice(3)] = toTensor(v);
  const out = await sess.run(feeds);
  let err = 0;
  for (const [k, v] of Object.entries(fx.tensors)) {
    if (!k.startsWith('out.')) continue;
    const ref = toTensor(v).data;
    const got = out[k.slice(4)].data;
    for (let i = 0; i < ref.length; i++) err = Math.max(err, Math.abs(ref[i] - got[i]));
  }
  result[s] = err;
}
console.log(JSON.stringify(result));
