import { Flags } from '@oclif/core';

/** `llhls proxy`'s flags; src/proxy/proxy-options.ts reads them. */
export const proxyFlags = {
  target: Flags.string({
    description:
      "The origin: its playlist URL (the printed URL is the same with the proxy's address) or host:port.",
    required: true,
  }),
  listen: Flags.string({
    description:
      'Address and port to listen on (port 0: any free port). Other than loopback, anyone who can reach it can use it.',
    default: '127.0.0.1:0',
  }),
  latency: Flags.string({
    description:
      'Round-trip time added (half each way), e.g. 50ms: every request-response takes this much longer; a new connection pays it once more (TCP handshake).',
  }),
  jitter: Flags.string({
    description: 'The round trip varies within latency ± jitter, drawn per burst of bytes, e.g. 10ms.',
  }),
  bandwidth: Flags.string({
    description:
      'Server → client rate of the link, shared by all connections: 2mbit, 500kbit, 1.5gbit (bits/s, decimal; kbps/Mbps refused as ambiguous).',
  }),
  upload: Flags.string({ description: 'Client → server rate of the link (default unlimited), e.g. 1mbit.' }),
  loss: Flags.string({
    description:
      'TCP segments lost, e.g. 1%: a loss delays its bytes (and the rest of that connection) by the retransmission time: one round trip, or the tail-loss probe (2 round trips, at least 10 ms).',
  }),
  'slow-close': Flags.string({
    description: "toxiproxy slow_close: a connection's close waits this long after its last byte, e.g. 2s.",
  }),
  timeout: Flags.string({
    description:
      'toxiproxy timeout: connections hit pass no data (it is dropped) and are closed after this; 0 keeps them open.',
  }),
  'reset-peer': Flags.string({
    description:
      "toxiproxy reset_peer: connections hit are reset (TCP RST) this long after the origin's first byte, e.g. 2s (0: at once).",
  }),
  slicer: Flags.integer({
    description:
      'toxiproxy slicer: cut responses into pieces of about this many bytes, each written separately.',
    min: 1,
  }),
  'slicer-variation': Flags.integer({
    description: 'slicer: pieces vary by ± this many bytes (default 0).',
    min: 0,
    dependsOn: ['slicer'],
  }),
  'slicer-delay': Flags.string({
    description: 'slicer: time between pieces, e.g. 1ms.',
    dependsOn: ['slicer'],
  }),
  toxicity: Flags.string({
    description:
      'Share of connections the slow-close, timeout, reset-peer and slicer flags hit (toxiproxy toxicity), e.g. 10%.',
    default: '100%',
  }),
  profile: Flags.string({
    description:
      'A time-varying profile: cascade, intra-cascade, spike, slow-jitters, fast-jitters (ACM MMSys 2020 challenge), or a JSON/YAML file of steps. Its steps override the flags.',
  }),
  'profile-time-scale': Flags.string({
    description: "Multiply the profile's step durations, e.g. 0.1 to run it ten times faster.",
    dependsOn: ['profile'],
  }),
  'profile-rate-scale': Flags.string({
    description:
      "Multiply the profile's rates, e.g. 2.5 to fit the challenge's 1 Mbit/s top rendition to a 2.5 Mbit/s stream.",
    dependsOn: ['profile'],
  }),
  seed: Flags.integer({
    description: 'Seed of the loss, jitter and toxicity draws (default random; printed with --json).',
    min: 0,
  }),
  'status-interval': Flags.string({
    description: 'Time between status lines on stderr, e.g. 5 or 10s (0: none).',
    default: '5',
  }),
};
