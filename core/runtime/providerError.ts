/**
 * Turns what a failed execution-provider load printed (ORT's C++ source locations, Dawn's
 * stack lines, terminal colours) into the sentence a user can act on, e.g.
 * "Couldn't load Vulkan: libvulkan.so.1: cannot open shared object file: …; Failed to get a
 * WebGPU adapter: No supported adapters".
 */
export function summarizeProviderError(text: string): string {
  const parts: string[] = [];
  for (const raw of text.replace(/\x1b\[[0-9;]*m/g, '').split('\n')) {
    let line = raw.trim();
    if (!line || /^at\s/.test(line)) continue;
    line = line.replace(/^Warning:\s*/i, '');
    // ORT: "<file>.cc:<line> <function> [ONNXRuntimeError] : 1 : FAIL : <message>"
    const ortError = /\[ONNXRuntimeError\]\s*:\s*\d+\s*:\s*\w+\s*:\s*(.*)$/.exec(line);
    // ORT_ENFORCE: "<file>.cc:<line> <function> <condition> was false. <message>"
    const enforce = /^\S+\.(?:cc|cpp|h):\d+\s.*?\swas false\.\s*(.*)$/.exec(line);
    line = (ortError?.[1] ?? enforce?.[1] ?? line).trim();
    if (line && !parts.includes(line)) parts.push(line);
  }
  return parts.join('; ');
}
