import { fileURLToPath } from 'node:url';
import { storybookTest } from '@storybook/addon-vitest/vitest-plugin';
import { playwright } from '@vitest/browser-playwright';
import { defaultClientConditions } from 'vite';
import { defineProject } from 'vitest/config';

// Debian's Chromium (apt-get install chromium); another machine can point elsewhere.
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export default defineProject({
  plugins: [storybookTest({ configDir: fileURLToPath(new URL('./.storybook', import.meta.url)) })],
  resolve: { conditions: ['@ringback/source', ...defaultClientConditions] },
  test: {
    name: 'storybook',
    // The MDX docs page holds no stories of its own (it shows those of the .stories file).
    exclude: ['**/node_modules/**', 'src/**/*.mdx'],
    browser: {
      enabled: true,
      headless: true,
      provider: playwright({
        launchOptions: {
          executablePath,
          // Without the networking flags Chromium keeps calling home on a closed network.
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-quic',
            '--no-first-run',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
          ],
        },
      }),
      instances: [{ browser: 'chromium' }],
    },
  },
});
