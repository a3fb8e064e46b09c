import { spawn } from 'node:child_process';

/**
 * Runs a tool (ffprobe, ffmpeg) without blocking the event loop. Tests that run `llhls serve`
 * in-process must never use spawnSync: a blocked event loop stops reading FFmpeg's pipe, FFmpeg
 * blocks, and the test source falls behind real time (which llhls then rightly restarts).
 */
export function runAsync(
  command: string,
  args: readonly string[],
  input?: Uint8Array,
): Promise<{ status: number | null; stdout: Buffer; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args], {
      stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    let stderr = '';
    child.stdout?.on('data', (c: Buffer) => out.push(c));
    child.stderr?.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout: Buffer.concat(out), stderr }));
    if (input !== undefined) child.stdin?.end(input);
  });
}
