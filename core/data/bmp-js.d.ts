declare module 'bmp-js' {
  export function decode(data: Buffer): { width: number; height: number; data: Buffer };
}
