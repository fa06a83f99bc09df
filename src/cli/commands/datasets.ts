import { listDatasets } from '../../data/node/index.js';
import { addCommonOptions, openOutput, type CommonOptions } from '../common.js';
import { table } from '../format.js';
import type { CliCommand } from './command.js';

export const datasetsCommand: CliCommand = {
  name: 'datasets',
  register(program) {
    const cmd = program.command('datasets').description('list the bundled and synthetic data sets (for --dataset)');
    addCommonOptions(cmd);
    cmd.action((o: CommonOptions) => {
      const out = openOutput(o);
      const sets = listDatasets();
      if (out.json) {
        out.document({ command: 'datasets', datasets: sets });
        return;
      }
      out.result(table([['name', 'target', 'task', 'description'], ...sets.map((d) => [d.name, d.target, d.task, d.description])]));
    });
  },
};
