// Each configuration field's JSDoc, read the way an editor shows it: from the types
// derived from the schema (src/domain/RingbackConfig.ts).
import { resolve } from 'node:path';
import ts from 'typescript';

export interface FieldDoc {
  description: string;
  /** The `@default` tag's text. */
  default?: string;
  /** The `@example` tag's text. */
  example?: string;
}

export function fieldDocs(packageDir: string): (keys: string[]) => FieldDoc | undefined {
  const config = ts.getParsedCommandLineOfConfigFile(
    resolve(packageDir, 'tsconfig.json'),
    {},
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} },
  );
  if (!config) throw new Error('cannot read tsconfig.json');
  const file = resolve(packageDir, 'src/domain/RingbackConfig.ts');
  const program = ts.createProgram([file], config.options);
  const checker = program.getTypeChecker();
  const module = checker.getSymbolAtLocation(program.getSourceFile(file)!)!;
  const root = checker.getExportsOfModule(module).find((s) => s.name === 'RingbackConfig')!;
  const rootType = checker.getDeclaredTypeOfSymbol(root);

  const inSchema = (symbol: ts.Symbol) => !!symbol.declarations?.some(ts.isPropertyAssignment);
  const documented = (symbol: ts.Symbol) => symbol.getDocumentationComment(checker).length > 0;

  /**
   * The property `key` of `type`. In a union (a `Verifier` or its settings), the schema's
   * own field, and the one that documents it (a store's `type` is documented once).
   */
  function property(type: ts.Type, key: string): ts.Symbol | undefined {
    const members = checker.getNonNullableType(type);
    const candidates = (members.isUnion() ? members.types : [members])
      .map((member) => checker.getPropertyOfType(member, key))
      .filter((symbol): symbol is ts.Symbol => !!symbol);
    return (
      candidates.find((symbol) => inSchema(symbol) && documented(symbol)) ??
      candidates.find(inSchema) ??
      candidates[0]
    );
  }

  return (keys) => {
    let type = rootType;
    let symbol: ts.Symbol | undefined;
    for (const key of keys) {
      if (key === '[]') {
        type = checker.getIndexTypeOfType(checker.getNonNullableType(type), ts.IndexKind.Number)!;
        continue;
      }
      symbol = property(type, key);
      if (!symbol) return undefined;
      type = checker.getTypeOfSymbol(symbol);
    }
    if (!symbol) return undefined;
    const description = ts.displayPartsToString(symbol.getDocumentationComment(checker));
    const tags = symbol.getJsDocTags(checker);
    const tag = (name: string) => {
      const found = tags.find((t) => t.name === name);
      return found ? { [name]: ts.displayPartsToString(found.text).trim() } : {};
    };
    return {
      description: description.replace(/\s+/g, ' ').trim(),
      ...tag('default'),
      ...tag('example'),
    };
  };
}
