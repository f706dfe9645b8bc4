import { fileURLToPath } from 'node:url';
import { build, type Plugin, type Rolldown } from 'vite';

const embedDir = fileURLToPath(new URL('../../../packages/embed/', import.meta.url));

/**
 * Serves `@ringback/embed`'s script-tag bundle at `/ringback.js`, built from source with
 * the embed's own Vite config (the artifact a host gets), so the Embedding stories load
 * it with a real `<script>` tag and need no prior build. Built once per server; a
 * change to the embed's source needs a restart.
 */
export function embedScript(): Plugin {
  let script: Promise<string> | undefined;
  const bundle = () =>
    (script ??= build({
      configFile: `${embedDir}vite.config.ts`,
      root: embedDir,
      logLevel: 'warn',
      build: { write: false, sourcemap: false },
    }).then((result) => {
      const outputs = (Array.isArray(result) ? result : [result]) as Rolldown.RolldownOutput[];
      const chunk = outputs
        .flatMap((output) => output.output)
        .find((file) => file.fileName === 'ringback.js');
      if (chunk?.type !== 'chunk') throw new Error('the embed build made no ringback.js');
      return chunk.code;
    }));
  return {
    name: 'ringback:embed-script',
    configureServer(server) {
      server.middlewares.use('/ringback.js', (_req, res, next) => {
        bundle().then((code) => {
          res.setHeader('Content-Type', 'text/javascript; charset=utf-8');
          res.end(code);
        }, next);
      });
    },
    async generateBundle() {
      this.emitFile({ type: 'asset', fileName: 'ringback.js', source: await bundle() });
    },
  };
}
