/**
 * The two tensorflow.Event messages Wiregrad writes, encoded by hand (a few fields of
 * tensorflow/core/util/event.proto and framework/summary.proto; no protobuf runtime needed):
 *   Event   { double wall_time = 1; int64 step = 2; string file_version = 3; Summary summary = 5; }
 *   Summary { repeated Value value = 1; }   Value { string tag = 1; float simple_value = 2; }
 */

class ProtoWriter {
  private parts: number[] = [];
  private key(field: number, wire: number): void {
    this.varint(BigInt((field << 3) | wire));
  }
  private varint(v: bigint): void {
    let x = BigInt.asUintN(64, v);
    while (x >= 0x80n) {
      this.parts.push(Number(x & 0x7fn) | 0x80);
      x >>= 7n;
    }
    this.parts.push(Number(x));
  }
  private fixed(field: number, wire: 1 | 5, write: (d: DataView) => void): this {
    this.key(field, wire);
    const b = new Uint8Array(wire === 1 ? 8 : 4);
    write(new DataView(b.buffer));
    this.parts.push(...b);
    return this;
  }
  double(field: number, v: number): this {
    return this.fixed(field, 1, (d) => d.setFloat64(0, v, true));
  }
  float(field: number, v: number): this {
    return this.fixed(field, 5, (d) => d.setFloat32(0, v, true));
  }
  int64(field: number, v: number): this {
    this.key(field, 0);
    this.varint(BigInt(Math.trunc(v)));
    return this;
  }
  bytes(field: number, b: Uint8Array): this {
    this.key(field, 2);
    this.varint(BigInt(b.length));
    this.parts.push(...b);
    return this;
  }
  string(field: number, s: string): this {
    return this.bytes(field, new TextEncoder().encode(s));
  }
  finish(): Uint8Array {
    return Uint8Array.from(this.parts);
  }
}

/** The first record of every event file. */
export function fileVersionEvent(wallTime: number): Uint8Array {
  return new ProtoWriter().double(1, wallTime).string(3, 'brain.Event:2').finish();
}

/** One Event holding scalar summaries (tag → value) at a step. */
export function scalarsEvent(wallTime: number, step: number, scalars: [tag: string, value: number][]): Uint8Array {
  const summary = new ProtoWriter();
  for (const [tag, value] of scalars) summary.bytes(1, new ProtoWriter().string(1, tag).float(2, value).finish());
  return new ProtoWriter().double(1, wallTime).int64(2, step).bytes(5, summary.finish()).finish();
}
