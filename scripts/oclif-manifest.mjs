#!/usr/bin/env node
// Writes oclif.manifest.json from the built commands (dist/commands), as the `oclif manifest`
// command would: with it, oclif loads only the command being run instead of every command's
// modules (and their libraries) on each start. The `oclif` CLI package itself is not used: it
// would bring the AWS SDK and a second @oclif/core major into the dev dependencies for this one
// step. Part of `npm run build`, so the manifest is never older than dist/.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Plugin } from '@oclif/core';

const root = fileURLToPath(new URL('..', import.meta.url));
const plugin = new Plugin({ root, type: 'core', ignoreManifest: true, errorOnManifestCreate: true });
await plugin.load();
const commands = Object.keys(plugin.manifest.commands);
if (commands.length === 0) throw new Error('no commands found under dist/commands: run tsc first');
writeFileSync(
  new URL('../oclif.manifest.json', import.meta.url),
  `${JSON.stringify(plugin.manifest, null, 2)}\n`,
);
console.error(`oclif.manifest.json: ${commands.length} commands (${commands.join(', ')})`);
