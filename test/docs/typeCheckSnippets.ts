/**
 * Type-checks README snippets with the TypeScript compiler API: each snippet becomes an
 * in-memory file in the folder it is written for, so its imports resolve like that
 * package's own files (workspace packages to their sources through the
 * `@ringback/source` condition). All snippets share one program: the workspace
 * sources are read and checked once, not once per snippet.
 */
import { join, relative } from 'node:path';
import ts from 'typescript';
import { REPO } from './readmeBlocks.js';

export interface Snippet {
  /** Names the snippet in file names; unique. */
  key: string;
  /** The folder the snippet is compiled in, as if it were a file there. */
  dir: string;
  lang: 'ts' | 'tsx' | 'js';
  /** Declarations the snippet assumes, compiled before it. */
  prelude: string;
  code: string;
  /** Compiled after it: assertions about what the snippet declares. */
  check: string;
  /** Ambient modules the snippet imports (an app's own `@/lib/…`), by specifier. */
  modules: Record<string, string>;
  /** Where the code is: the README and the line of its first line of code. */
  readme: string;
  line: number;
}

const EXTENSION = { ts: '.ts', tsx: '.tsx', js: '.js' } as const;

function compilerOptions(): ts.CompilerOptions {
  const base = join(REPO, 'tsconfig.base.json');
  const { config } = ts.readConfigFile(base, ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(config, ts.sys, REPO, undefined, base);
  return {
    ...options,
    noEmit: true,
    declaration: false,
    declarationMap: false,
    sourceMap: false,
    jsx: ts.JsxEmit.ReactJSX,
    types: ['node'],
    allowJs: true,
    checkJs: true,
    // A snippet without imports is still a module of its own, not part of a shared global scope.
    moduleDetection: ts.ModuleDetectionKind.Force,
    // The embed's exports have no source entry (its build swaps React for its own runtime).
    paths: { '@ringback/embed': [join(REPO, 'packages/embed/src/index.ts')] },
  };
}

/** Every snippet's diagnostics, formatted with the README line they point at. */
export function typeCheckSnippets(snippets: readonly Snippet[]): Map<string, string[]> {
  const options = compilerOptions();
  const files = new Map<string, { text: string; snippet: Snippet; codeStart: number }>();
  for (const snippet of snippets) {
    const name = join(snippet.dir, `README.${snippet.key.replace('#', '-')}`);
    const prelude = snippet.prelude ? `${snippet.prelude}\n` : '';
    files.set(name + EXTENSION[snippet.lang], {
      text: `${prelude}${snippet.code}\n${snippet.check}`,
      snippet,
      codeStart: prelude.split('\n').length - 1,
    });
    const modules = Object.entries(snippet.modules).map(
      ([specifier, body]) => `declare module '${specifier}' {\n${body}\n}\n`,
    );
    if (modules.length > 0)
      files.set(`${name}.modules.d.ts`, { text: modules.join(''), snippet, codeStart: 0 });
  }

  const host = ts.createCompilerHost(options);
  const { fileExists, readFile, getSourceFile } = host;
  host.fileExists = (name) => files.has(name) || fileExists.call(host, name);
  host.readFile = (name) => files.get(name)?.text ?? readFile.call(host, name);
  host.getSourceFile = (name, languageVersion, ...rest) => {
    const file = files.get(name);
    if (file) return ts.createSourceFile(name, file.text, languageVersion, true);
    return getSourceFile.call(host, name, languageVersion, ...rest);
  };
  host.getCurrentDirectory = () => REPO;

  const program = ts.createProgram({ rootNames: [...files.keys()], options, host });
  const results = new Map<string, string[]>(snippets.map((s) => [s.key, []]));
  for (const diagnostic of [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()])
    throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
  for (const [name, { snippet, codeStart }] of files) {
    const sourceFile = program.getSourceFile(name)!;
    const diagnostics = [
      ...program.getSyntacticDiagnostics(sourceFile),
      ...program.getSemanticDiagnostics(sourceFile),
    ];
    for (const diagnostic of diagnostics) {
      const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
      const { line } = sourceFile.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
      const codeLines = snippet.code.split('\n').length;
      const where = name.endsWith('.d.ts')
        ? 'its ambient modules'
        : line < codeStart
          ? `its prelude, line ${line + 1}`
          : line >= codeStart + codeLines
            ? `its check, line ${line - codeStart - codeLines + 1}`
            : `${relative(REPO, snippet.readme)}:${snippet.line + line - codeStart}`;
      results.get(snippet.key)!.push(`${where}: TS${diagnostic.code} ${message}`);
    }
  }
  return results;
}
