import type { Preview } from '@storybook/react-vite';
import { createScenario, type Scenario, type ScenarioOptions } from '../src/scenario.js';
import { startWorker } from '../src/worker.js';

const preview: Preview = {
  async beforeAll() {
    await startWorker();
  },
  // Each story gets its own proxy and simulator (its own endpoint, so stories shown
  // together on a docs page never share one), scripted by its `scenario` parameter.
  loaders: [
    async ({ parameters }) => {
      await startWorker();
      const many = parameters.scenarios as Record<string, ScenarioOptions> | undefined;
      if (!many) return { scenario: await createScenario(parameters.scenario as ScenarioOptions) };
      const scenarios: Record<string, Scenario> = {};
      for (const [name, options] of Object.entries(many))
        scenarios[name] = await createScenario(options);
      return { scenarios };
    },
  ],
  parameters: {
    layout: 'centered',
    controls: { expanded: true },
    a11y: { test: 'error' },
  },
};

export default preview;
