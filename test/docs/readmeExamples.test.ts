// Every example in the published packages' READMEs, checked against the sources: the
// TypeScript and JavaScript ones compile, the JSON ones parse (and the server's are
// configurations the bin accepts), the HTML ones are well formed and use documented
// attributes. A README that drifts from the API fails here.
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BinOptions, loadBinConfig } from '../../packages/server/src/bin/loadBinConfig.js';
import { validateConfig } from '../../packages/server/src/config/validateConfig.js';
import { checkHtml, documentedEmbedAttributes } from './checkHtml.js';
import {
  blockKey,
  PUBLISHED,
  REPO,
  type ReadmeBlock,
  readmeBlocks,
  readmePath,
} from './readmeBlocks.js';
import { type Snippet, typeCheckSnippets } from './typeCheckSnippets.js';

/** What a TypeScript or JavaScript block needs to compile on its own. */
interface Example {
  /** The identifiers it assumes: an earlier block's imports, the reader's own objects. */
  prelude?: string;
  /** Compiled after the block, e.g. that a type it shows is the real one. */
  check?: string;
  /** Compile it in this workspace folder instead of its package's, for that folder's dependencies. */
  dir?: string;
  /** Modules of the reader's own app it imports, by specifier. */
  modules?: Record<string, string>;
}

/** Keyed by `package#n`, the block's position among its README's fenced blocks (1-based). */
const EXAMPLES: Record<string, Example> = {
  'exotel#2': {
    prelude: `declare const accountSid: string, apiKey: string, apiToken: string;
declare const request: Request;`,
  },
  'exotel#3': {
    prelude: `import type { ExotelCallStatus, ExotelCallWire } from '@ringback/exotel';`,
    check: `declare const real: import('@ringback/exotel').ExotelCall;
export const shown: ExotelCall = real;`,
  },
  'exotel#4': {
    prelude: `import type { ExotelCallStatus, StatusCallbackLeg } from '@ringback/exotel';`,
    check: `declare const real: import('@ringback/exotel').StatusCallbackEvent;
export const shown: StatusCallbackEvent = real;`,
  },
  'exotel-sim#2': {
    prelude: `import { createExotelClient } from '@ringback/exotel';
import { expect } from 'vitest';
declare const myCallbackReceiver: typeof fetch;`,
  },
  'exotel-sim#5': {
    prelude: `declare const sim: import('@ringback/exotel-sim').ExotelSimulator;`,
  },
  'server#3': {
    prelude: `declare const ringback: import('@ringback/server').RingbackServer;`,
  },
  'server#4': {
    prelude: `declare const ringback: import('@ringback/server').RingbackServer;`,
  },
  'server#5': {
    modules: {
      '@/lib/ringback': `export const ringback: import('@ringback/server').RingbackServer;`,
    },
  },
  'server#6': {
    prelude: `import { createNodeListener } from '@ringback/server/node';
declare const app: import('fastify').FastifyInstance;
declare const ringback: import('@ringback/server').RingbackServer;`,
  },
  'server#7': {
    prelude: `import { createServer } from 'node:http';
import { createNodeListener } from '@ringback/server/node';
declare const ringback: import('@ringback/server').RingbackServer;`,
  },
  'server#10': { dir: 'apps/demo', prelude: `import { defineConfig } from 'vite';` },
  'server#14': {
    prelude: `declare const crm: { isDoNotCall(e164: string): Promise<boolean> };
declare const config: import('@ringback/server').RingbackConfig;`,
  },
  'server#27': {
    prelude: `import { createRingbackServer } from '@ringback/server';
declare const config: import('@ringback/server').RingbackConfig;`,
  },
  'server#28': {
    prelude: `declare function createMyStore(): import('@ringback/server').Store;`,
  },
  'client#2': {
    prelude: `declare function render(...shown: unknown[]): void;
declare const form: HTMLFormElement, input: HTMLInputElement, select: HTMLSelectElement;`,
  },
  'client#3': {
    prelude: `import { createCallSession } from '@ringback/client';
declare const endpoint: string, widgetId: string;`,
  },
  'react#2': { prelude: `declare function track(name: string, properties: object): void;` },
  'react#3': {
    dir: 'apps/demo',
    prelude: `import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';`,
  },
  'react#4': { prelude: `import { ClickToCall } from '@ringback/react';` },
  'embed#8': { prelude: `const getVerificationToken = async () => 'the challenge’s token';` },
  'protocol#2': {
    prelude: `declare function showEnding(state: import('@ringback/protocol').FinalCallState): void;`,
  },
};

/** Blocks that cannot compile on their own, with the reason. */
const SKIPPED: Record<string, string> = {};

/** The environment each server configuration is shown with, by block. */
const SECRET = 'Zr8Kq2Lm5Xv9Tw3Ny7Pb4Hd6Jf1Gc0Sa';
const RUN_THE_BIN: NodeJS.ProcessEnv = {
  EXOTEL_ACCOUNT_SID: 'acme',
  EXOTEL_API_KEY: 'key',
  EXOTEL_API_TOKEN: 'token',
  RINGBACK_SECRET: SECRET,
  RINGBACK_PUBLIC_URL: 'https://shop.example.com/ringback',
  RINGBACK_TRUST_PROXY: 'x-forwarded-for',
  RINGBACK_TRUST_PROXY_FROM: '127.0.0.1',
};
const BIN_ENVIRONMENTS: Record<string, NodeJS.ProcessEnv> = {
  // examples/ringback.dev.json, with the secret the README's command generates
  'server#9': { RINGBACK_SECRET: SECRET },
  // ringback.json, with the environment of the README's "Run the bin" command
  'server#12': RUN_THE_BIN,
  // an agent group, run the same way
  'server#15': RUN_THE_BIN,
  // lead details, run the same way
  'server#16': RUN_THE_BIN,
  // webhooks, run the same way
  'server#17': RUN_THE_BIN,
  // callbacks and retries, run the same way
  'server#22': RUN_THE_BIN,
  // the operator console, run the same way
  'server#24': RUN_THE_BIN,
};

const COMPILED = ['ts', 'tsx', 'js'];
const CHECKED = [...COMPILED, 'json', 'html', 'python'];
/** Shell commands, an nginx block, a stylesheet, HTTP on the wire: nothing to compile. */
const OUT_OF_SCOPE = ['sh', 'nginx', 'css', 'http', ''];

const blocks = PUBLISHED.flatMap(readmeBlocks);
const compiled = blocks.filter((b) => COMPILED.includes(b.lang) && !(blockKey(b) in SKIPPED));

function toSnippet(block: ReadmeBlock): Snippet {
  const example = EXAMPLES[blockKey(block)] ?? {};
  return {
    key: blockKey(block),
    dir: join(REPO, example.dir ?? `packages/${block.pkg}`),
    lang: block.lang as Snippet['lang'],
    prelude: example.prelude ?? '',
    code: block.code,
    check: example.check ?? '',
    modules: example.modules ?? {},
    readme: readmePath(block.pkg),
    line: block.line,
  };
}

const label = (b: ReadmeBlock) => `${blockKey(b)} (${b.lang}, line ${b.line})`;

describe('the published READMEs', () => {
  it('have only code blocks this test checks or knows to be out of scope', () => {
    const unknown = blocks.filter((b) => ![...CHECKED, ...OUT_OF_SCOPE].includes(b.lang));
    expect(unknown.map(label)).toEqual([]);
  });

  it('name in this test’s tables only blocks that are there, of the right kind', () => {
    const kinds = new Map(blocks.map((b) => [blockKey(b), b.lang]));
    const wrong = [
      ...[...Object.keys(EXAMPLES), ...Object.keys(SKIPPED)].filter(
        (key) => !COMPILED.includes(kinds.get(key) ?? '-'),
      ),
      ...Object.keys(BIN_ENVIRONMENTS).filter((key) => kinds.get(key) !== 'json'),
    ];
    expect(wrong).toEqual([]);
  });
});

describe('README TypeScript and JavaScript examples', () => {
  let diagnostics: Map<string, string[]>;
  beforeAll(() => {
    diagnostics = typeCheckSnippets(compiled.map(toSnippet));
  }, 60_000);

  it.each(compiled.map((b) => [label(b), b] as const))('%s compiles', (_, block) => {
    expect(diagnostics.get(blockKey(block))).toEqual([]);
  });
  for (const [key, reason] of Object.entries(SKIPPED)) it.skip(`${key}: ${reason}`, () => {});
});

describe('README JSON examples', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ringback-readme-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const json = blocks.filter((b) => b.lang === 'json');
  it.each(json.map((b) => [label(b), b] as const))(
    '%s parses, and a server config passes the bin’s checks',
    async (_, block) => {
      const value: unknown = JSON.parse(block.code);
      if (block.pkg !== 'server') return;
      const env = BIN_ENVIRONMENTS[blockKey(block)];
      expect(env, 'a server config needs its environment in BIN_ENVIRONMENTS').toBeDefined();
      await writeFile(join(dir, 'ringback.json'), JSON.stringify(value));
      const options = loadBinConfig(['--config', 'ringback.json'], env!, dir) as BinOptions;
      expect(() => validateConfig({ ...options.config, logger: false })).not.toThrow();
    },
  );
});

describe('README Python examples', () => {
  // The webhook recipes: Python 3 (part of every machine this builds on) parses them.
  const python = blocks.filter((b) => b.lang === 'python');
  it.each(python.map((b) => [label(b), b] as const))('%s parses', (_, block) => {
    expect(() =>
      execFileSync('python3', ['-c', 'import ast, sys; ast.parse(sys.stdin.read())'], {
        input: block.code,
        stdio: ['pipe', 'ignore', 'pipe'],
      }),
    ).not.toThrow();
  });
});

describe('README HTML examples', () => {
  const html = blocks.filter((b) => b.lang === 'html');
  const attributes = documentedEmbedAttributes();

  it('find the attribute table in the embed README', () => {
    expect(attributes.script).toContain('data-endpoint');
    expect(attributes.element).toContain('widget-id');
  });

  it.each(html.map((b) => [label(b), b] as const))(
    '%s is well formed and uses documented attributes',
    (_, block) => {
      expect(checkHtml(block.code, attributes, syntaxErrors)).toEqual([]);
    },
  );
});

/** JavaScript syntax errors of an inline script. */
function syntaxErrors(code: string): string[] {
  const { diagnostics = [] } = ts.transpileModule(code, {
    fileName: 'inline.js',
    reportDiagnostics: true,
    compilerOptions: { allowJs: true },
  });
  return diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}
