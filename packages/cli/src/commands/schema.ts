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
    .description(
      'Print the JSON Schema (draft 2020-12) of edgeward.config.json, generated from the validator that ' +
        '`edgeward build` runs; the package ships it as schema/edgeward.config.schema.json for editors ("$schema").',
    )
    .action(() => {
      io.stdout(`${JSON.stringify(configJsonSchema(), null, 2)}\n`);
    });
}
