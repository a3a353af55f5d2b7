declare module 'bmp-js' {
  export function decode(data: Buffer): { width: number; height: number; data: Buffer };
  export function encode(img: { data: Buffer; width: number; height: number }): { data: Buffer; width: number; height: number };
}
