/**
 * `edgeward schema`: prints the JSON Schema of `edgeward.config.json` (published as
 * `schema/edgeward.config.schema.json`).
 *
 * @module
 */
import type { Command } from 'commander';
import { configJsonSchema } from '../config/json-schema-document.js';
import type { CliIo } from '../io.js';

/** Registers `edgeward schema`. */
export function addSchemaCommand(program: Command, io: CliIo): void {
  program
    .command('schema')
    .summary('print the JSON Schema of edgeward.config.json')
    .action(() => {
      io.stdout(`${JSON.stringify(configJsonSchema(), null, 2)}\n`);
    });
}
